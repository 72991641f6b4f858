import { useState } from "preact/hooks";
import { ifMatch, must } from "../../api/client";
import { asProblem } from "../../api/problem";
import type { components } from "../../api/schema";
import { useApp } from "../../app/context";
import { fmtDate, label } from "../../format";
import { CopyField } from "../../ui/CopyField";
import { Badge } from "../../ui/widgets";
import { ClicksPanel } from "./ClicksPanel";
import { QrCode } from "./QrCode";

/** Link is a tracking link as the API shows it. */
export type Link = components["schemas"]["api.linkView"];

interface Props {
  link: Link;
  editable: boolean;
  onChange: (l: Link) => void;
  onArchived: (l: Link) => void;
}

/** LinkItem is one tracking link: its short URL to copy, where it leads, its state and actions; opened, its QR code and clicks. */
export function LinkItem({ link: l, editable, onChange, onArchived }: Props) {
  const { api, workspace } = useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const path = { ws: workspace.id, domain: l.domain, code: l.code };
  const id = `link-${l.id.replace(/[^a-zA-Z0-9]+/g, "-")}`;

  const act = async (call: () => Promise<Link>, done: (l: Link) => void) => {
    setBusy(true);
    setError("");
    try {
      done(await call());
    } catch (err) {
      setError(asProblem(err).detail);
    } finally {
      setBusy(false);
    }
  };
  const toggle = () =>
    act(() => must(api.PATCH("/api/workspaces/{ws}/links/{domain}/{code}", { params: { path, header: ifMatch(l) }, body: { disabled: !l.disabled } })), onChange);
  const archive = () => {
    if (!confirm(`Archive ${l.url}? It stops redirecting and leaves this list; its clicks stay in the figures.`)) return;
    void act(() => must(api.DELETE("/api/workspaces/{ws}/links/{domain}/{code}", { params: { path } })), onArchived);
  };

  return (
    <li class="link" aria-labelledby={`${id}-code`}>
      <div class="link__head">
        <span id={`${id}-code`} class="chip">
          {l.code}
        </span>
        {l.archived ? <Badge tone="muted">Archived</Badge> : l.disabled ? <Badge tone="warn">Disabled</Badge> : <Badge tone="good">Active</Badge>}
        {l.vanity && <Badge>Vanity</Badge>}
        {l.creatorHandle && (
          <span class="muted small">
            for @{l.creatorHandle}
            {l.platform && ` on ${label(l.platform)}`}
          </span>
        )}
        {l.endsAt && <span class="muted small">ends {fmtDate(l.endsAt)}</span>}
      </div>
      <CopyField id={id} label="Short link" value={l.url} />
      <p class="link__dest small">
        <span class="muted">Leads to</span>{" "}
        <a href={l.destination} class="wrap" target="_blank" rel="noopener noreferrer">
          {l.destination}
        </a>
      </p>
      <div class="actions">
        <button type="button" class="btn btn--small" aria-expanded={open} aria-controls={open ? `${id}-detail` : undefined} onClick={() => setOpen(!open)}>
          {open ? "Hide clicks and QR code" : "Clicks and QR code"}
        </button>
        {editable && !l.archived && (
          <>
            <button type="button" class="btn btn--small" disabled={busy} onClick={() => void toggle()}>
              {l.disabled ? "Enable link" : "Disable link"}
            </button>
            <button type="button" class="btn btn--small btn--danger" disabled={busy} onClick={archive}>
              Archive link
            </button>
          </>
        )}
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {open && (
        <div id={`${id}-detail`} class="link__detail">
          <QrCode link={l} />
          <ClicksPanel
            title={`Clicks per day on ${l.url}`}
            idPrefix={id}
            deps={[workspace.id, l.domain, l.code]}
            load={(query) => must(api.GET("/api/workspaces/{ws}/links/{domain}/{code}/clicks", { params: { path, query } }))}
          />
        </div>
      )}
    </li>
  );
}
