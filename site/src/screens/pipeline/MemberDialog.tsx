import { useState } from "preact/hooks";
import { ifMatch, must } from "../../api/client";
import { asProblem, mapProblem, type Problem } from "../../api/problem";
import { COMPENSATION_MODELS, type Campaign, type MemberTerms, type PipelineMember } from "../../api/types";
import { useApp } from "../../app/context";
import { fmtPercent, fromMinor, label, toMinor } from "../../format";
import { Dialog } from "../../ui/Dialog";
import { Field, FormAlert } from "../../ui/Field";
import { MemberCodes, useShops } from "./MemberCodes";
import { MemberOutreach } from "./MemberOutreach";
import { stageLabel } from "./stages";

interface Props {
  campaign: Campaign;
  member: PipelineMember;
  editable: boolean;
  onChange: (m: PipelineMember) => void;
  onRemoved: () => void;
  onClose: () => void;
}

/** MemberDialog holds one creator's deal, coupon codes, outreach and stage history. */
export function MemberDialog({ campaign, member: m, editable, onChange, onRemoved, onClose }: Props) {
  const shops = useShops();
  return (
    <Dialog title={m.creatorName} onClose={onClose}>
      <Terms member={m} campaign={campaign} editable={editable} onChange={onChange} />
      <MemberCodes member={m} campaign={campaign} editable={editable} shops={shops} onChange={onChange} />
      <MemberOutreach member={m} campaign={campaign} editable={editable} onChange={onChange} />
      <section aria-labelledby="history-title">
        <h3 id="history-title">Stage history</h3>
        <ol class="history">
          {m.history.map((h) => (
            <li key={h.at + h.to}>
              {h.from ? `${stageLabel(h.from)} → ${stageLabel(h.to)}` : `Added as ${stageLabel(h.to)}`}{" "}
              <span class="muted small">
                {new Date(h.at).toLocaleString()} {h.by && `by ${h.by}`}
              </span>
              {h.note && <p class="small">{h.note}</p>}
            </li>
          ))}
        </ol>
      </section>
      {editable && <Remove member={m} campaign={campaign} onRemoved={onRemoved} />}
    </Dialog>
  );
}

interface PartProps {
  member: PipelineMember;
  campaign: Campaign;
  editable: boolean;
  onChange: (m: PipelineMember) => void;
}

const TERM_FIELDS = ["compensation.model", "compensation.commissionBps", "agreedCost.amount", "relevance", "revisions", "notes"];

function Terms({ member: m, campaign, editable, onChange }: PartProps) {
  const { api, workspace } = useApp();
  const currency = m.agreedCost.currency || campaign.budget.currency;
  const [model, setModel] = useState(m.compensation.model);
  const [cost, setCost] = useState(m.agreedCost.amount ? fromMinor(m.agreedCost.amount, currency) : "");
  const [commission, setCommission] = useState(m.compensation.commissionBps ? String(m.compensation.commissionBps / 100) : "");
  const [relevance, setRelevance] = useState(String(Math.round(m.relevance * 100)));
  const [notes, setNotes] = useState(m.notes ?? "");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const errors = mapProblem(problem, TERM_FIELDS);

  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const amount = toMinor(cost, currency);
    if (Number.isNaN(amount)) {
      setProblem({ type: "about:blank", title: "", status: 422, code: "invalid-input", detail: "Check the cost.", errors: [{ field: "agreedCost.amount", code: "invalid", message: "must be an amount such as 500 or 499.99" }] });
      return;
    }
    const terms: MemberTerms = {
      compensation: { ...m.compensation, model, commissionBps: Math.round(Number(commission || 0) * 100) },
      agreedCost: { amount, currency },
      deliverables: m.deliverables,
      relevance: Number(relevance) / 100,
      revisions: m.revisions,
      notes,
    };
    try {
      const updated = await must(
        api.PATCH("/api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}", {
          params: { path: { ws: workspace.id, campaign: campaign.id, creator: m.creatorId }, header: ifMatch(m) },
          body: terms,
        }),
      );
      setProblem(null);
      setSaved(true);
      onChange(updated);
    } catch (err) {
      setProblem(asProblem(err));
    }
  };

  return (
    <form onSubmit={save} noValidate aria-labelledby="deal-title">
      <h3 id="deal-title">Deal</h3>
      <fieldset disabled={!editable} class="plain">
        <div class="row">
          <Field name="compensation.model" label="Compensation" errors={errors} idPrefix="deal">
            {(p) => (
              <select {...p} value={model} onChange={(e) => setModel((e.target as HTMLSelectElement).value)}>
                <option value="">Not agreed yet</option>
                {COMPENSATION_MODELS.map((c) => (
                  <option key={c} value={c}>
                    {label(c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="agreedCost.amount" label={`Agreed cost (${currency})`} hint="Fee, product, shipping." errors={errors} idPrefix="deal">
            {(p) => <input {...p} inputMode="decimal" value={cost} onInput={(e) => setCost((e.target as HTMLInputElement).value)} />}
          </Field>
        </div>
        <div class="row">
          {model === "commission" && (
            <Field name="compensation.commissionBps" label="Commission (%)" errors={errors} idPrefix="deal">
              {(p) => <input {...p} inputMode="decimal" value={commission} onInput={(e) => setCommission((e.target as HTMLInputElement).value)} />}
            </Field>
          )}
          <Field name="relevance" label="Relevance (%)" hint={`Your fit estimate; audience match gave ${fmtPercent(m.relevance)}.`} errors={errors} idPrefix="deal">
            {(p) => <input {...p} type="number" min={0} max={100} value={relevance} onInput={(e) => setRelevance((e.target as HTMLInputElement).value)} />}
          </Field>
        </div>
        <Field name="notes" label="Notes" errors={errors} idPrefix="deal">
          {(p) => <textarea {...p} rows={3} value={notes} onInput={(e) => setNotes((e.target as HTMLTextAreaElement).value)} />}
        </Field>
        <FormAlert errors={errors} />
        {editable && (
          <div class="actions">
            <button type="submit" class="btn btn--primary">
              Save deal
            </button>
            {saved && <span role="status">Saved.</span>}
          </div>
        )}
      </fieldset>
    </form>
  );
}

function Remove({ member: m, campaign, onRemoved }: { member: PipelineMember; campaign: Campaign; onRemoved: () => void }) {
  const { api, workspace } = useApp();
  const [error, setError] = useState("");
  const remove = async () => {
    if (!confirm(`Remove ${m.creatorName} from ${campaign.name}? Their codes and history stay on record.`)) return;
    try {
      await must(api.DELETE("/api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}", { params: { path: { ws: workspace.id, campaign: campaign.id, creator: m.creatorId } } }));
      onRemoved();
    } catch (err) {
      setError(asProblem(err).detail);
    }
  };
  return (
    <div class="actions actions--end">
      <button type="button" class="btn btn--danger" onClick={() => void remove()}>
        Remove from campaign
      </button>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
