import { useState } from "preact/hooks";
import { ifMatch, must } from "../../api/client";
import { asProblem, mapProblem, type Problem } from "../../api/problem";
import { AGE_BRACKETS, type Campaign, type Persona } from "../../api/types";
import { useApp } from "../../app/context";
import { Field, FormAlert } from "../../ui/Field";

const FIELDS = ["persona.countries", "persona.genders", "persona.ages", "persona.os", "persona.interests"];

const list = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);

interface Props {
  campaign: Campaign;
  editable: boolean;
  onSaved: (c: Campaign) => void;
}

/** PersonaEditor describes the buyer the campaign wants to reach; empty means anyone. */
export function PersonaEditor({ campaign, editable, onSaved }: Props) {
  const { api, workspace } = useApp();
  const p = campaign.persona;
  const [countries, setCountries] = useState((p?.countries ?? []).join(", "));
  const [genders, setGenders] = useState<string[]>(p?.genders ?? []);
  const [ages, setAges] = useState<string[]>(p?.ages ?? []);
  const [os, setOs] = useState<string[]>(p?.os ?? []);
  const [interests, setInterests] = useState((p?.interests ?? []).join(", "));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const errors = mapProblem(problem, FIELDS);

  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const persona: Persona = {
      countries: list(countries).map((c) => c.toUpperCase()),
      genders,
      ages,
      os,
      interests: list(interests).map((i) => i.toLowerCase()),
    };
    try {
      // An update replaces the whole campaign: send it as read, with the new persona.
      const updated = await must(
        api.PATCH("/api/workspaces/{ws}/campaigns/{campaign}", {
          params: { path: { ws: workspace.id, campaign: campaign.id }, header: ifMatch(campaign) },
          body: { ...campaign, persona },
        }),
      );
      setProblem(null);
      setSaved(true);
      onSaved(updated);
    } catch (err) {
      setProblem(asProblem(err));
    }
  };

  return (
    <form class="card" onSubmit={save} noValidate aria-labelledby="persona-title">
      <h2 id="persona-title">Buyer persona</h2>
      <p class="muted small">Who should see this campaign? Leave a part empty to accept anyone.</p>
      <fieldset class="plain" disabled={!editable}>
        <Field name="persona.countries" label="Countries" hint="Two-letter codes, such as US, GB, DE." errors={errors}>
          {(c) => <input {...c} value={countries} onInput={(e) => setCountries((e.target as HTMLInputElement).value)} placeholder="US, CA" />}
        </Field>
        <Checks title="Gender" field="persona.genders" options={["female", "male"]} value={genders} onChange={setGenders} error={errors.byField["persona.genders"]} />
        <Checks title="Age" field="persona.ages" options={[...AGE_BRACKETS]} value={ages} onChange={setAges} error={errors.byField["persona.ages"]} />
        <Checks title="Device" field="persona.os" options={["ios", "android"]} value={os} onChange={setOs} error={errors.byField["persona.os"]} />
        <Field name="persona.interests" label="Interests" hint="Topics, separated by commas." errors={errors}>
          {(c) => <input {...c} value={interests} onInput={(e) => setInterests((e.target as HTMLInputElement).value)} placeholder="running, outdoor" />}
        </Field>
        <FormAlert errors={errors} />
        {editable && (
          <div class="actions">
            <button type="submit" class="btn btn--primary">
              Save persona
            </button>
            {saved && <span role="status">Saved. The ranking below uses it.</span>}
          </div>
        )}
      </fieldset>
    </form>
  );
}

const words: Record<string, string> = { female: "Women", male: "Men", ios: "iOS", android: "Android" };

interface ChecksProps {
  title: string;
  field: string;
  options: string[];
  value: string[];
  onChange: (v: string[]) => void;
  error?: string;
}

function Checks({ title, field, options, value, onChange, error }: ChecksProps) {
  const id = field.replace(".", "-");
  return (
    <fieldset class="checks" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{title}</legend>
      {options.map((o) => (
        <label key={o}>
          <input
            type="checkbox"
            checked={value.includes(o)}
            onChange={() => onChange(value.includes(o) ? value.filter((x) => x !== o) : [...value, o])}
          />{" "}
          {words[o] ?? o}
        </label>
      ))}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
