import { useState } from "preact/hooks";
import { ifMatch, must } from "../../api/client";
import { asProblem, mapProblem, type Problem } from "../../api/problem";
import { CAMPAIGN_STATUSES, GOAL_METRICS, OBJECTIVES, type Campaign } from "../../api/types";
import { useApp } from "../../app/context";
import { label } from "../../format";
import { Field, FormAlert } from "../../ui/Field";
import { ALL_FIELDS, checkStep, emptyDraft, draftOf, STEPS, stepOf, toInput, type CampaignDraft } from "./campaignForm";
import { goalText } from "./goal";

const PLATFORMS = ["tiktok", "instagram", "youtube"];

interface Props {
  /** campaign is the campaign to edit; without it the wizard creates one. */
  campaign?: Campaign;
  onSaved: (c: Campaign) => void;
  onCancel: () => void;
}

/**
 * CampaignForm is the wizard that creates or edits a campaign. It will not move past the
 * goal without a metric, a target and a deadline: without them there is nothing to judge
 * the campaign against.
 */
export function CampaignForm({ campaign, onSaved, onCancel }: Props) {
  const { api, workspace } = useApp();
  const [draft, setDraft] = useState<CampaignDraft>(() => (campaign ? draftOf(campaign) : emptyDraft(workspace.currency)));
  const [step, setStep] = useState(0);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = mapProblem(problem, ALL_FIELDS);
  const last = STEPS.length - 1;

  const set = (k: keyof CampaignDraft) => (e: Event) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });
  const togglePlatform = (p: string) =>
    setDraft({ ...draft, platforms: draft.platforms.includes(p) ? draft.platforms.filter((x) => x !== p) : [...draft.platforms, p] });

  const next = () => {
    const p = checkStep(step, draft);
    setProblem(p);
    if (!p) setStep(step + 1);
  };

  const save = async () => {
    for (let s = 0; s < last; s++) {
      const p = checkStep(s, draft);
      if (p) {
        setProblem(p);
        setStep(s);
        return;
      }
    }
    setBusy(true);
    setProblem(null);
    try {
      // The document types the body as the whole campaign; the API sets id, version and times.
      const body = toInput(draft, campaign) as Campaign;
      const saved = campaign
        ? await must(
            api.PATCH("/api/workspaces/{ws}/campaigns/{campaign}", {
              params: { path: { ws: workspace.id, campaign: campaign.id }, header: ifMatch(campaign) },
              body,
            }),
          )
        : await must(api.POST("/api/workspaces/{ws}/campaigns", { params: { path: { ws: workspace.id } }, body }));
      onSaved(saved);
    } catch (err) {
      const p = asProblem(err);
      setProblem(p);
      const first = p.errors?.[0];
      if (first) setStep(stepOf(first.field));
      setBusy(false);
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    if (step === last) void save();
    else next();
  };

  const revenue = draft.metric === "revenue";
  return (
    <form class="wizard" onSubmit={submit} noValidate>
      <ol class="steps">
        {STEPS.map((s, i) => (
          <li key={s.title} aria-current={i === step ? "step" : undefined} class={i < step ? "done" : undefined}>
            <span class="steps__n">{i + 1}</span> {s.title}
          </li>
        ))}
      </ol>

      {step === 0 && (
        <fieldset>
          <legend>What will this campaign achieve, and by when?</legend>
          <Field name="name" label="Campaign name" errors={errors}>
            {(p) => <input {...p} value={draft.name} onInput={set("name")} required />}
          </Field>
          <Field name="objective" label="Objective" errors={errors}>
            {(p) => (
              <select {...p} value={draft.objective} onChange={set("objective")}>
                {OBJECTIVES.map((o) => (
                  <option key={o} value={o}>
                    {label(o)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div class="row">
            <Field name="goal.metric" label="Goal metric" hint="The one figure the campaign is judged by." errors={errors}>
              {(p) => (
                <select {...p} value={draft.metric} onChange={set("metric")}>
                  {GOAL_METRICS.map((m) => (
                    <option key={m} value={m}>
                      {label(m)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              name="goal.target"
              label={revenue ? `Target (${draft.currency})` : "Target"}
              hint="Ambitious but achievable."
              errors={errors}
            >
              {(p) => <input {...p} inputMode={revenue ? "decimal" : "numeric"} value={draft.target} onInput={set("target")} required />}
            </Field>
            <Field name="goal.deadline" label="Deadline" errors={errors}>
              {(p) => <input {...p} type="date" value={draft.deadline} onInput={set("deadline")} required />}
            </Field>
          </div>
        </fieldset>
      )}

      {step === 1 && (
        <fieldset>
          <legend>Budget and dates</legend>
          <div class="row">
            <Field name="budget.amount" label="Budget" hint="Fees, products and shipping for all creators." errors={errors}>
              {(p) => <input {...p} inputMode="decimal" value={draft.budget} onInput={set("budget")} />}
            </Field>
            <Field name="budget.currency" label="Currency" errors={errors}>
              {(p) => <input {...p} value={draft.currency} onInput={set("currency")} maxLength={3} size={4} />}
            </Field>
          </div>
          <div class="row">
            <Field name="startDate" label="Start date" errors={errors}>
              {(p) => <input {...p} type="date" value={draft.startDate} onInput={set("startDate")} required />}
            </Field>
            <Field name="endDate" label="End date" errors={errors}>
              {(p) => <input {...p} type="date" value={draft.endDate} onInput={set("endDate")} required />}
            </Field>
          </div>
        </fieldset>
      )}

      {step === 2 && (
        <fieldset>
          <legend>Links, disclosure and attribution</legend>
          <Field name="destinationUrl" label="Destination URL" hint="Where the creators' tracking links lead." errors={errors}>
            {(p) => <input {...p} type="url" placeholder="https://shop.example.com/spring" value={draft.destinationUrl} onInput={set("destinationUrl")} required />}
          </Field>
          <Field
            name="disclosureTags"
            label="Disclosure tags"
            hint="Every sponsored post must carry one of these, such as #ad or #sponsored. Separate them with spaces."
            errors={errors}
          >
            {(p) => <input {...p} value={draft.disclosureTags} onInput={set("disclosureTags")} />}
          </Field>
          <Field
            name="attributionWindowDays"
            label="Attribution window (days)"
            hint="An order counts for a creator when it follows their link or code within this many days."
            errors={errors}
          >
            {(p) => <input {...p} type="number" min={1} max={365} value={draft.attributionWindowDays} onInput={set("attributionWindowDays")} />}
          </Field>
          <fieldset class="checks">
            <legend>Platforms</legend>
            {PLATFORMS.map((p) => (
              <label key={p}>
                <input type="checkbox" checked={draft.platforms.includes(p)} onChange={() => togglePlatform(p)} /> {label(p)}
              </label>
            ))}
            {errors.byField.platforms && <p class="field-error">{errors.byField.platforms}</p>}
          </fieldset>
          <Field name="brief" label="Brief for creators (optional)" errors={errors}>
            {(p) => <textarea {...p} rows={3} value={draft.brief} onInput={set("brief")} />}
          </Field>
          {campaign && (
            <Field name="status" label="Status" errors={errors}>
              {(p) => (
                <select {...p} value={draft.status} onChange={set("status")}>
                  {CAMPAIGN_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {label(s)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </fieldset>
      )}

      {step === last && <Review draft={draft} />}

      <FormAlert errors={errors} />
      <div class="actions">
        {step > 0 && (
          <button type="button" class="btn" onClick={() => (setProblem(null), setStep(step - 1))}>
            Back
          </button>
        )}
        <button type="submit" class="btn btn--primary" disabled={busy}>
          {step < last ? "Next" : campaign ? "Save changes" : "Create campaign"}
        </button>
        <button type="button" class="btn btn--link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Review({ draft }: { draft: CampaignDraft }) {
  const input = toInput(draft);
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">Check and {draft.status === "draft" ? "create" : "save"}</h2>
      <dl class="review">
        <dt>Campaign</dt>
        <dd>
          {input.name} · {label(input.objective)}
        </dd>
        <dt>Goal</dt>
        <dd>{goalText(input)}</dd>
        <dt>Budget</dt>
        <dd>{draft.budget ? `${draft.budget} ${input.budget.currency}` : "not set"}</dd>
        <dt>Dates</dt>
        <dd>
          {input.startDate} to {input.endDate}
        </dd>
        <dt>Destination</dt>
        <dd>{input.destinationUrl}</dd>
        <dt>Disclosure</dt>
        <dd>{input.disclosureTags.join(" ") || "none"}</dd>
        <dt>Attribution window</dt>
        <dd>{input.attributionWindowDays} days</dd>
      </dl>
    </section>
  );
}
