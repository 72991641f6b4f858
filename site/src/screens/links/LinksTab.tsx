import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { canEdit, useApp } from "../../app/context";
import { NotReady } from "../../app/NotReady";
import { useLoad } from "../../app/useLoad";
import { EmptyState } from "../../ui/widgets";
import type { TabProps } from "../campaign/CampaignScreen";
import { useShops } from "../pipeline/MemberCodes";
import { ClicksPanel } from "./ClicksPanel";
import { CreatorLinks } from "./CreatorLinks";
import { LinkItem, type Link } from "./LinkItem";

/**
 * LinksTab is the campaign's "Links and codes": clicks per day over the whole campaign,
 * then each creator's tracking links (short URL, QR code, clicks) and coupon codes.
 */
export default function LinksTab({ campaign }: TabProps) {
  const { api, workspace } = useApp();
  const path = { ws: workspace.id, campaign: campaign.id };
  const members = useLoad(
    () => must(api.GET("/api/workspaces/{ws}/campaigns/{campaign}/creators", { params: { path } })).then((r) => r.items),
    [workspace.id, campaign.id],
  );
  const links = useLoad(
    () => must(api.GET("/api/workspaces/{ws}/campaigns/{campaign}/links", { params: { path } })).then((r) => r.items),
    [workspace.id, campaign.id],
  );
  const shops = useShops();
  const [announce, setAnnounce] = useState("");
  const editable = canEdit(workspace) && campaign.status !== "archived";

  if (members.error || links.error || !members.data || !links.data) {
    return <NotReady loads={[members, links]} what="Loading links and codes" />;
  }
  const people = members.data;
  const all = links.data;

  const putLink = (l: Link) => {
    const known = all.some((x) => x.id === l.id);
    links.set(known ? all.map((x) => (x.id === l.id ? l : x)) : [...all, l]);
    setAnnounce(known ? `${l.url} is ${l.disabled ? "disabled" : "active"}.` : `Link ${l.url} created.`);
  };
  const dropLink = (l: Link) => {
    links.set(all.filter((x) => x.id !== l.id));
    setAnnounce(`${l.url} archived.`);
  };
  const nameOf = (id: string) => people.find((m) => m.creatorId === id)?.creatorName ?? all.find((l) => l.creatorId === id)?.creatorHandle ?? "A removed creator";
  const orphans = all.filter((l) => !people.some((m) => m.creatorId === l.creatorId));

  if (people.length === 0 && all.length === 0) {
    return (
      <EmptyState title="No creators to give links to yet">
        <p>Each creator of the campaign gets their own tracking links and coupon codes, so clicks and orders are credited to them. Add creators first.</p>
        <p class="actions">
          <a class="btn btn--primary" href={`#/w/${workspace.id}/campaigns/${campaign.id}/persona`}>
            Find creators by audience match
          </a>
          <a class="btn" href={`#/w/${workspace.id}/creators`}>
            Open the roster
          </a>
        </p>
      </EmptyState>
    );
  }

  return (
    <div class="links-tab">
      <section class="card" aria-labelledby="campaign-clicks-title">
        <h2 id="campaign-clicks-title">Clicks per day</h2>
        <ClicksPanel
          title="Clicks per day on the campaign's links"
          idPrefix="campaign-clicks"
          deps={[workspace.id, campaign.id]}
          load={(query) => must(api.GET("/api/workspaces/{ws}/campaigns/{campaign}/clicks", { params: { path, query } }))}
          creatorName={nameOf}
        />
      </section>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      {people.map((m) => (
        <CreatorLinks
          key={m.creatorId}
          campaign={campaign}
          member={m}
          links={all.filter((l) => l.creatorId === m.creatorId)}
          editable={editable}
          shops={shops}
          onLink={putLink}
          onArchived={dropLink}
          onMember={(u) => members.set(people.map((x) => (x.creatorId === u.creatorId ? u : x)))}
        />
      ))}
      {orphans.length > 0 && (
        <section class="card" aria-labelledby="orphan-links-title">
          <h2 id="orphan-links-title">Links of creators no longer in the campaign</h2>
          <ul class="links" aria-label="Links of creators no longer in the campaign">
            {orphans.map((l) => (
              <LinkItem key={l.id} link={l} editable={editable} onChange={putLink} onArchived={dropLink} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
