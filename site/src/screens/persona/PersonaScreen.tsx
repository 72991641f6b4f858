import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem } from "../../api/problem";
import { canEdit, useApp } from "../../app/context";
import { useLoad } from "../../app/useLoad";
import { fmtCompact, fmtPercent, label } from "../../format";
import { EmptyState, ErrorNote, Loading, Meter } from "../../ui/widgets";
import type { TabProps } from "../campaign/CampaignScreen";
import { PersonaEditor } from "./PersonaEditor";

/** PersonaScreen edits the persona and ranks the roster by how well audiences match it. */
export default function PersonaScreen({ campaign, onChange }: TabProps) {
  const { api, workspace } = useApp();
  const editable = canEdit(workspace) && campaign.status !== "archived";
  const ws = workspace.id;
  // The version changes when the persona is saved, and the ranking follows it.
  const ranked = useLoad(
    () =>
      must(
        api.GET("/api/workspaces/{ws}/creators", {
          params: { path: { ws }, query: { campaign: campaign.id, sort: campaign.persona ? "match" : "impact", limit: "50" } },
        }),
      ),
    [ws, campaign.id, campaign.version],
  );
  const members = useLoad(
    () => must(api.GET("/api/workspaces/{ws}/campaigns/{campaign}/creators", { params: { path: { ws, campaign: campaign.id } } })).then((r) => new Set(r.items.map((m) => m.creatorId))),
    [ws, campaign.id],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});

  const add = async (creatorId: string) => {
    try {
      await must(api.POST("/api/workspaces/{ws}/campaigns/{campaign}/creators", { params: { path: { ws, campaign: campaign.id } }, body: { creatorId, stage: "" } }));
      members.set(new Set([...(members.data ?? []), creatorId]));
      setErrors({ ...errors, [creatorId]: "" });
    } catch (err) {
      setErrors({ ...errors, [creatorId]: asProblem(err).detail });
    }
  };

  return (
    <div class="grid2 grid2--wide-right">
      <PersonaEditor campaign={campaign} editable={editable} onSaved={onChange} />
      <section aria-labelledby="match-title">
        <h2 id="match-title">{campaign.persona ? "Creators ranked by audience match" : "Creators ranked by impact score"}</h2>
        {!campaign.persona && <p class="muted">Save a persona to rank creators by the share of their audience that matches it.</p>}
        {ranked.error ? (
          <ErrorNote message={ranked.error} retry={ranked.reload} />
        ) : !ranked.data ? (
          <Loading what="Ranking creators" />
        ) : ranked.data.items.length === 0 ? (
          <EmptyState title="The roster is empty">
            <p>
              Import your creators from a spreadsheet on the <a href={`#/w/${ws}/creators`}>Creators</a> screen; they are
              ranked here against this persona.
            </p>
          </EmptyState>
        ) : (
          <ol class="ranked">
            {ranked.data.items.map((c) => {
              const inCampaign = members.data?.has(c.id);
              return (
                <li key={c.id} class="ranked__item">
                  <div class="ranked__who">
                    <strong>{c.name}</strong>
                    <span class="muted small">
                      {label(c.tier)} · {fmtCompact(c.followers)} followers · {fmtPercent(c.engagementRate, 1)} engagement
                      {c.country && ` · ${c.country}`}
                    </span>
                  </div>
                  {campaign.persona && <Meter label="Audience match" value={c.audienceMatch} />}
                  {editable && (
                    <button type="button" class="btn btn--small" disabled={inCampaign || !members.data} onClick={() => void add(c.id)} aria-label={inCampaign ? `${c.name} is in the pipeline` : `Add ${c.name} to the pipeline`}>
                      {inCampaign ? "In pipeline" : "Add to pipeline"}
                    </button>
                  )}
                  {errors[c.id] && (
                    <p class="field-error" role="alert">
                      {errors[c.id]}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </div>
  );
}
