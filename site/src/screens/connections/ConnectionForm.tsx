import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem, mapProblem, type Problem } from "../../api/problem";
import type { Connection, ConnectionInput } from "../../api/types";
import { useApp } from "../../app/context";
import { Field, FormAlert } from "../../ui/Field";
import { newSecret, platform, PLATFORMS } from "./platforms";
import { SetupSteps } from "./SetupSteps";

const FIELDS = ["platform", "name", "shop", "secret"];

/** ConnectionForm connects a shop: platform, its address and its webhook signing secret. */
export function ConnectionForm({ onCreated, onCancel }: { onCreated: (c: Connection) => void; onCancel: () => void }) {
  const { api, workspace } = useApp();
  const [input, setInput] = useState<ConnectionInput>({ platform: "shopify", name: "", shop: "", secret: "" });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = mapProblem(problem, FIELDS);
  const info = platform(input.platform);
  const set = (k: keyof ConnectionInput) => (e: Event) => setInput({ ...input, [k]: (e.target as HTMLInputElement).value });
  const choose = (id: string) => setInput({ ...input, platform: id, secret: platform(id).generated ? newSecret() : "" });

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      onCreated(await must(api.POST("/api/workspaces/{ws}/connections", { params: { path: { ws: workspace.id } }, body: input })));
    } catch (err) {
      setProblem(asProblem(err));
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="connection-form-title">
      <h2 id="connection-form-title">Add a connection</h2>
      <fieldset class="segmented">
        <legend>Platform</legend>
        {PLATFORMS.map((p) => (
          <label key={p.id}>
            <input type="radio" name="platform" value={p.id} checked={input.platform === p.id} onChange={() => choose(p.id)} /> {p.name}
          </label>
        ))}
        {errors.byField.platform && <p class="field-error">{errors.byField.platform}</p>}
      </fieldset>
      <Field name="name" label="Name" hint="How your team will recognise it, such as “US store”." errors={errors} idPrefix="conn">
        {(p) => <input {...p} value={input.name} onInput={set("name")} />}
      </Field>
      <Field name="shop" label={info.shopLabel} hint={info.shopHint} errors={errors} idPrefix="conn">
        {(p) => <input {...p} value={input.shop} onInput={set("shop")} placeholder={info.shopExample} />}
      </Field>
      <Field name="secret" label={info.secretLabel} hint={info.secretHint} errors={errors} idPrefix="conn">
        {(p) => <input {...p} value={input.secret} onInput={set("secret")} autoComplete="off" spellcheck={false} />}
      </Field>
      <p class="small muted">The secret is stored sealed and never shown again, so keep the platform's copy.</p>
      <SetupSteps platformId={input.platform} />
      <FormAlert errors={errors} />
      <div class="actions">
        <button type="submit" class="btn btn--primary" disabled={busy}>
          Save connection
        </button>
        <button type="button" class="btn btn--link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
