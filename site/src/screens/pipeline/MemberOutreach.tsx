import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem } from "../../api/problem";
import { OUTCOMES, type Campaign, type PipelineMember } from "../../api/types";
import { useApp } from "../../app/context";
import { useLoad } from "../../app/useLoad";
import { label } from "../../format";

interface Props {
  member: PipelineMember;
  campaign: Campaign;
  editable: boolean;
  onChange: (m: PipelineMember) => void;
}

/**
 * MemberOutreach records which pitch variant went to the creator and what came back;
 * those records give each variant its reply and acceptance rates.
 */
export function MemberOutreach({ member: m, campaign, editable, onChange }: Props) {
  const { api, workspace } = useApp();
  const path = { ws: workspace.id, campaign: campaign.id };
  const pitches = useLoad(() => must(api.GET("/api/workspaces/{ws}/campaigns/{campaign}/pitches", { params: { path } })).then((r) => r.items), [workspace.id, campaign.id]);
  const [choice, setChoice] = useState("");
  const [error, setError] = useState("");
  const all = pitches.data ?? [];
  const variantName = (pitchId: string, variantId: string) => {
    const p = all.find((x) => x.id === pitchId);
    const v = p?.variants.find((x) => x.id === variantId);
    return p && v ? `${p.name}: ${v.label}` : "a pitch";
  };

  const record = async (pitchId: string, variantId: string, outcome: string) => {
    try {
      onChange(
        await must(
          api.POST("/api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/outreach", {
            params: { path: { ...path, creator: m.creatorId } },
            body: { pitchId, variantId, outcome },
          }),
        ),
      );
      setError("");
    } catch (err) {
      setError(asProblem(err).detail);
    }
  };

  return (
    <section aria-labelledby="outreach-title">
      <h3 id="outreach-title">Outreach</h3>
      {m.outreach.length === 0 && <p class="muted">No pitch sent yet.</p>}
      <ul class="plain-list">
        {m.outreach.map((o) => (
          <li key={o.sentAt + o.variantId} class="row row--end">
            <span>
              {variantName(o.pitchId, o.variantId)} <span class="muted small">sent {new Date(o.sentAt).toLocaleDateString()}</span>
            </span>
            <label>
              <span class="visually-hidden">Outcome of {variantName(o.pitchId, o.variantId)}</span>
              <select value={o.outcome} disabled={!editable} onChange={(e) => void record(o.pitchId, o.variantId, (e.target as HTMLSelectElement).value)}>
                {OUTCOMES.map((x) => (
                  <option key={x} value={x}>
                    {label(x)}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ul>
      {editable && pitches.data && all.length === 0 && (
        <p class="muted">
          Write a pitch with variants on the <a href={`#/w/${workspace.id}/campaigns/${campaign.id}/outreach`}>Outreach</a> tab to record sends.
        </p>
      )}
      {editable && all.length > 0 && (
        <form
          class="row row--end"
          onSubmit={(e) => {
            e.preventDefault();
            const [p, v] = (choice || `${all[0].id}/${all[0].variants[0]?.id}`).split("/");
            void record(p, v, "");
          }}
        >
          <label>
            Pitch variant sent
            <select value={choice} onChange={(e) => setChoice((e.target as HTMLSelectElement).value)}>
              {all.map((p) => (
                <optgroup key={p.id} label={p.name}>
                  {p.variants.map((v) => (
                    <option key={v.id} value={`${p.id}/${v.id}`}>
                      {v.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <button type="submit" class="btn">
            Record send
          </button>
        </form>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
