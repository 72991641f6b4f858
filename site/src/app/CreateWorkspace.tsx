import { useState } from "preact/hooks";
import { must, type Api } from "../api/client";
import { asProblem, mapProblem, type Problem } from "../api/problem";
import type { Workspace, WorkspaceInput } from "../api/types";
import { Field, FormAlert } from "../ui/Field";

const FIELDS = ["name", "currency", "timeZone"] as const;

interface Props {
  api: Api;
  firstRun: boolean;
  email: string;
  onCreated: (id: string) => void;
  onSignOut: () => void;
}

/** CreateWorkspace makes a brand's or agency's workspace; the creator owns it. */
export function CreateWorkspace({ api, firstRun, email, onCreated, onSignOut }: Props) {
  const [input, setInput] = useState<WorkspaceInput>({
    name: "",
    currency: "USD",
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
  });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = mapProblem(problem, FIELDS);
  const set = (k: keyof WorkspaceInput) => (e: Event) => setInput({ ...input, [k]: (e.target as HTMLInputElement).value });

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      // The document types the body as a whole workspace; the API fills what is left out.
      const ws = await must(api.POST("/api/workspaces", { body: input as Workspace }));
      onCreated(ws.id);
    } catch (err) {
      setProblem(asProblem(err));
      setBusy(false);
    }
  };

  return (
    <main class="front">
      <form class="front__card" onSubmit={submit} noValidate>
        <p class="brand">Hypetrack</p>
        <h1>{firstRun ? "Create your first workspace" : "Create a workspace"}</h1>
        <p>
          {firstRun
            ? `Welcome${email ? `, ${email}` : ""}. A workspace holds one brand's campaigns, creators and shop connections. You will own it and can invite your team next.`
            : "A workspace holds one brand's campaigns, creators and shop connections."}
        </p>
        <Field name="name" label="Brand or agency name" errors={errors}>
          {(p) => <input {...p} value={input.name} onInput={set("name")} autoComplete="organization" required />}
        </Field>
        <div class="row">
          <Field name="currency" label="Currency" hint="Campaign budgets default to it." errors={errors}>
            {(p) => <input {...p} value={input.currency} onInput={set("currency")} maxLength={3} size={4} />}
          </Field>
          <Field name="timeZone" label="Time zone" hint="Daily figures are counted in it." errors={errors}>
            {(p) => <input {...p} value={input.timeZone} onInput={set("timeZone")} />}
          </Field>
        </div>
        <FormAlert errors={errors} />
        <div class="actions">
          <button type="submit" class="btn btn--primary" disabled={busy}>
            Create workspace
          </button>
          {firstRun ? (
            <button type="button" class="btn btn--link" onClick={onSignOut}>
              Sign out
            </button>
          ) : (
            <a class="btn btn--link" href="#/">
              Cancel
            </a>
          )}
        </div>
      </form>
    </main>
  );
}
