import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem } from "../../api/problem";
import { useApp } from "../../app/context";
import { fmtCompact, fmtDate, fmtNumber, fmtPercent, label } from "../../format";
import { Badge } from "../../ui/widgets";
import { PostSeries } from "./PostSeries";
import { disclosureStatus, missingDisclosure, simulated, trackingStatus, trend, type Post, type Status } from "./posts";

/** COLUMNS are the post table's columns; the opened row's chart spans them all. */
export const COLUMNS = ["Post", "Views", "Likes", "Comments", "Shares", "Engagement", "Disclosure", "Tracking", "Actions"] as const;

interface Props {
  post: Post;
  creatorName: string;
  editable: boolean;
  onChange: (p: Post) => void;
}

const fmtTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** PostRow is one tracked post in the table, and its charts below it when opened. */
export function PostRow({ post: p, creatorName, editable, onChange }: Props) {
  const { api, workspace } = useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState("");
  const id = `post-${p.id.replace(/[^a-zA-Z0-9]+/g, "-")}`;
  const name = `${creatorName}'s ${label(p.platform)} post`;
  const l = p.latest;
  const disclosure = disclosureStatus(p, fmtTime);
  const tracking = trackingStatus(p);
  const momentum = trend(p);

  const stop = async () => {
    if (!confirm(`Stop tracking ${name}? Its figures so far stay.`)) return;
    try {
      onChange(
        await must(
          api.DELETE("/api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/posts/{post}", {
            params: { path: { ws: workspace.id, campaign: p.campaignId, creator: p.creatorId, post: p.id } },
          }),
        ),
      );
      setError("");
    } catch (err) {
      setError(asProblem(err).detail);
    }
  };

  return (
    <>
      <tr class={missingDisclosure(p) ? "post post--warn" : "post"}>
        <th scope="row" data-label="Post">
          <span class="who">{creatorName}</span>
          <a href={p.url} target="_blank" rel="noopener noreferrer">
            {label(p.platform)} post
          </a>
          {l?.publishedAt && <span class="muted small"> · posted {fmtDate(l.publishedAt)}</span>}
          {simulated(p) && (
            <span class="post__sim">
              <Badge tone="warn">Simulated data (replay provider)</Badge>
            </span>
          )}
        </th>
        <Count label="Views" value={l?.views} />
        <Count label="Likes" value={l?.likes} />
        <Count label="Comments" value={l?.comments} />
        <Count label="Shares" value={l?.shares} />
        <td data-label="Engagement" class="num">
          {l?.engagementRate == null ? <span class="muted">–</span> : fmtPercent(l.engagementRate, 1)}
          {momentum && (
            <span class="post__trend" title={momentum.detail}>
              <StatusBadge s={momentum} />
            </span>
          )}
        </td>
        <td data-label="Disclosure">
          <StatusBadge s={disclosure} />
          {disclosure.detail && <span class="muted small post__detail">{disclosure.detail}</span>}
        </td>
        <td data-label="Tracking">
          <StatusBadge s={tracking} />
          {tracking.detail && <span class="muted small post__detail">{tracking.detail}</span>}
        </td>
        <td data-label="Actions">
          <div class="post__actions">
            <button type="button" class="btn btn--small" aria-expanded={open} aria-controls={open ? id : undefined} onClick={() => setOpen(!open)}>
              {open ? "Hide figures over time" : "Figures over time"}
            </button>
            {editable && !p.stoppedAt && (
              <button type="button" class="btn btn--small btn--danger" onClick={() => void stop()}>
                Stop tracking
              </button>
            )}
          </div>
          {error && (
            <p class="field-error" role="alert">
              {error}
            </p>
          )}
        </td>
      </tr>
      {open && (
        <tr class="post__open">
          <td id={id} colSpan={COLUMNS.length}>
            <PostSeries post={p} label={name} />
          </td>
        </tr>
      )}
    </>
  );
}

function Count({ label: what, value }: { label: string; value: number | null | undefined }) {
  return (
    <td data-label={what} class="num" title={value == null ? "Not given by the platform yet" : fmtNumber(value)}>
      {value == null ? <span class="muted">–</span> : fmtCompact(value)}
    </td>
  );
}

function StatusBadge({ s }: { s: Status }) {
  return <Badge tone={s.tone}>{s.text}</Badge>;
}
