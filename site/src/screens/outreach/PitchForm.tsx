import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem, mapProblem, type Problem } from "../../api/problem";
import type { Campaign, Pitch, PitchInput } from "../../api/types";
import { useApp } from "../../app/context";
import { Field, FormAlert } from "../../ui/Field";

interface Props {
  campaign: Campaign;
  onCreated: () => void;
  onCancel: () => void;
}

const blank = (label: string) => ({ label, subject: "", message: "" });

/** PitchForm writes a pitch with up to ten variants to test against each other. */
export function PitchForm({ campaign, onCreated, onCancel }: Props) {
  const { api, workspace } = useApp();
  const [pitch, setPitch] = useState<PitchInput>({ name: "", variants: [blank("A"), blank("B")] });
  const [problem, setProblem] = useState<Problem | null>(null);
  const fields = ["name", "variants", ...pitch.variants.flatMap((_, i) => [`variants[${i}].label`, `variants[${i}].subject`, `variants[${i}].message`])];
  const errors = mapProblem(problem, fields);
  const setVariant = (i: number, k: "label" | "subject" | "message", v: string) =>
    setPitch({ ...pitch, variants: pitch.variants.map((x, j) => (j === i ? { ...x, [k]: v } : x)) });

  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      // The document types the body as a stored pitch; the API gives it and its variants ids.
      await must(api.POST("/api/workspaces/{ws}/campaigns/{campaign}/pitches", { params: { path: { ws: workspace.id, campaign: campaign.id } }, body: pitch as Pitch }));
      onCreated();
    } catch (err) {
      setProblem(asProblem(err));
    }
  };

  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="pitch-form-title">
      <h2 id="pitch-form-title">New pitch</h2>
      <Field name="name" label="Pitch name" errors={errors} idPrefix="pitch">
        {(p) => <input {...p} value={pitch.name} onInput={(e) => setPitch({ ...pitch, name: (e.target as HTMLInputElement).value })} placeholder="Spring launch intro" />}
      </Field>
      {errors.byField.variants && <p class="field-error">{errors.byField.variants}</p>}
      <div class="variants">
        {pitch.variants.map((v, i) => (
          <fieldset key={i} class="variant">
            <legend>Variant {i + 1}</legend>
            <Field name={`variants[${i}].label`} label="Label" errors={errors} idPrefix="pitch">
              {(p) => <input {...p} value={v.label} onInput={(e) => setVariant(i, "label", (e.target as HTMLInputElement).value)} />}
            </Field>
            <Field name={`variants[${i}].subject`} label="Subject line" errors={errors} idPrefix="pitch">
              {(p) => <input {...p} value={v.subject} onInput={(e) => setVariant(i, "subject", (e.target as HTMLInputElement).value)} />}
            </Field>
            <Field name={`variants[${i}].message`} label="Message" errors={errors} idPrefix="pitch">
              {(p) => <textarea {...p} rows={4} value={v.message} onInput={(e) => setVariant(i, "message", (e.target as HTMLTextAreaElement).value)} />}
            </Field>
            {pitch.variants.length > 1 && (
              <button type="button" class="btn btn--small btn--link" onClick={() => setPitch({ ...pitch, variants: pitch.variants.filter((_, j) => j !== i) })}>
                Remove variant {i + 1}
              </button>
            )}
          </fieldset>
        ))}
      </div>
      <FormAlert errors={errors} />
      <div class="actions">
        {pitch.variants.length < 10 && (
          <button type="button" class="btn" onClick={() => setPitch({ ...pitch, variants: [...pitch.variants, blank(String.fromCharCode(65 + pitch.variants.length))] })}>
            Add a variant
          </button>
        )}
        <button type="submit" class="btn btn--primary">
          Save pitch
        </button>
        <button type="button" class="btn btn--link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
