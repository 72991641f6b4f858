import type { Campaign, Connection, PipelineMember } from "../../api/types";
import { label } from "../../format";
import { MemberCodes } from "../pipeline/MemberCodes";
import { LinkForm } from "./LinkForm";
import { LinkItem, type Link } from "./LinkItem";

interface Props {
  campaign: Campaign;
  member: PipelineMember;
  links: Link[];
  editable: boolean;
  shops: Connection[] | undefined;
  onLink: (l: Link) => void;
  onArchived: (l: Link) => void;
  onMember: (m: PipelineMember) => void;
}

/** CreatorLinks is one campaign creator's tracking links and coupon codes, and the forms that add them. */
export function CreatorLinks({ campaign, member: m, links, editable, shops, onLink, onArchived, onMember }: Props) {
  const id = `creator-${m.creatorId}`;
  const handles = Object.entries(m.handles).map(([p, h]) => `${label(p)} @${h}`);
  return (
    <section class="card creator-links" aria-labelledby={`${id}-name`}>
      <h2 id={`${id}-name`}>{m.creatorName}</h2>
      {handles.length > 0 && <p class="muted small">{handles.join(" · ")}</p>}
      <h3>Tracking links</h3>
      {links.length === 0 ? (
        <p class="muted">
          No link yet. {editable ? "Create one below" : "An editor can create one"}: visits and orders through it are credited to {m.creatorName}.
        </p>
      ) : (
        <ul class="links" aria-label={`Links of ${m.creatorName}`}>
          {links.map((l) => (
            <LinkItem key={l.id} link={l} editable={editable} onChange={onLink} onArchived={onArchived} />
          ))}
        </ul>
      )}
      {editable && <LinkForm campaign={campaign} member={m} onCreated={onLink} />}
      <MemberCodes member={m} campaign={campaign} editable={editable} shops={shops} onChange={onMember} idPrefix={`${id}-codes`} />
    </section>
  );
}
