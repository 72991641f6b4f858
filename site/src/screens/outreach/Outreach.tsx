import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { canEdit, useApp } from "../../app/context";
import { useLoad } from "../../app/useLoad";
import { EmptyState, ErrorNote, Loading, Meter } from "../../ui/widgets";
import type { TabProps } from "../campaign/CampaignScreen";
import { PitchForm } from "./PitchForm";

/**
 * Outreach compares pitch variants: how many went out, and the share that got a reply and
 * an acceptance. Sends and outcomes are recorded on each creator's card in the pipeline.
 */
export default function Outreach({ campaign }: TabProps) {
  const { api, workspace } = useApp();
  const path = { ws: workspace.id, campaign: campaign.id };
  const pitches = useLoad(() => must(api.GET("/api/workspaces/{ws}/campaigns/{campaign}/pitches", { params: { path } })).then((r) => r.items), [workspace.id, campaign.id]);
  const [writing, setWriting] = useState(false);
  const editable = canEdit(workspace) && campaign.status !== "archived";

  if (pitches.error) return <ErrorNote message={pitches.error} retry={pitches.reload} />;
  if (!pitches.data) return <Loading what="Loading pitches" />;
  return (
    <div>
      {editable && !writing && (
        <p>
          <button type="button" class="btn btn--primary" onClick={() => setWriting(true)}>
            New pitch
          </button>
        </p>
      )}
      {writing && (
        <PitchForm
          campaign={campaign}
          onCreated={() => {
            setWriting(false);
            pitches.reload();
          }}
          onCancel={() => setWriting(false)}
        />
      )}
      {pitches.data.length === 0 && !writing ? (
        <EmptyState title="No pitches yet">
          <p>
            Write the message you send creators, in two or more variants (a different subject line or offer), and see
            which one gets more replies and acceptances. Keep it personal, short and clear about what you offer.
          </p>
        </EmptyState>
      ) : (
        pitches.data.map((p) => (
          <section key={p.id} class="card" aria-labelledby={`pitch-${p.id}`}>
            <h2 id={`pitch-${p.id}`}>{p.name}</h2>
            <div class="variants">
              {p.variants.map((v) => (
                <article key={v.id} class="variant">
                  <h3>{v.label}</h3>
                  {v.subject && <p class="small"><span class="muted">Subject:</span> {v.subject}</p>}
                  <p class="variant__msg prewrap">{v.message}</p>
                  <p class="small">
                    {v.sent} sent · {v.replied} replied · {v.accepted} accepted · {v.declined} declined
                  </p>
                  <Meter label="Reply rate" value={v.replyRate} empty="no sends yet" />
                  <Meter label="Acceptance rate" value={v.acceptanceRate} empty="no sends yet" />
                </article>
              ))}
            </div>
          </section>
        ))
      )}
      <p class="hint">Record which variant went to whom, and the answer, on each creator's card in the Pipeline tab.</p>
    </div>
  );
}
