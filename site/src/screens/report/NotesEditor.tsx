import { useState } from "preact/hooks";
import { ifMatch, must } from "../../api/client";
import { asProblem } from "../../api/problem";
import type { Campaign } from "../../api/types";
import { canEdit, useApp } from "../../app/context";

interface Props {
  campaign: Campaign;
  /** onSaved takes the campaign as saved, with its new version. */
  onSaved: (c: Campaign) => void;
}

/**
 * NotesEditor edits the marketer's notes on the campaign, which the post-mortem and its
 * printable page report (PATCH …/postmortem/notes, If-Match the campaign's version).
 */
export function NotesEditor({ campaign, onSaved }: Props) {
  const { api, workspace } = useApp();
  const [notes, setNotes] = useState(campaign.notes ?? "");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  const editable = canEdit(workspace);
  const changed = notes !== (campaign.notes ?? "");

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    setStatus("");
    try {
      const saved = await must(
        api.PATCH("/api/workspaces/{ws}/campaigns/{campaign}/postmortem/notes", {
          params: { path: { ws: workspace.id, campaign: campaign.id }, header: ifMatch(campaign) },
          body: { notes },
        }),
      );
      onSaved(saved);
      setStatus("Notes saved.");
    } catch (err) {
      const p = asProblem(err);
      setError(p.status === 412 ? "Someone changed this campaign meanwhile. Reload the page, then save your notes again." : p.detail);
    }
    setBusy(false);
  };

  return (
    <section class="card" aria-labelledby="notes-title">
      <h2 id="notes-title">Notes</h2>
      {editable ? (
        <form onSubmit={(e) => void save(e)}>
          <div class="field">
            <label for="postmortem-notes">Marketer's notes</label>
            <textarea
              id="postmortem-notes"
              rows={6}
              value={notes}
              aria-describedby="postmortem-notes-hint"
              onInput={(e) => setNotes((e.target as HTMLTextAreaElement).value)}
            />
            <p class="hint" id="postmortem-notes-hint">
              What worked, what did not, what to change next time. The printable report includes them.
            </p>
          </div>
          <div class="actions">
            <button type="submit" class="btn btn--primary" disabled={busy || !changed}>
              {busy ? "Saving…" : "Save notes"}
            </button>
            <span role="status">{status}</span>
            {error && (
              <p class="field-error" role="alert">
                {error}
              </p>
            )}
          </div>
        </form>
      ) : campaign.notes ? (
        <p class="prewrap">{campaign.notes}</p>
      ) : (
        <p class="muted">No notes yet. Editors of this workspace can write them here.</p>
      )}
    </section>
  );
}
