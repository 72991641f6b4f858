import { useState } from "preact/hooks";
import { ifMatch, must } from "../../api/client";
import { asProblem, mapProblem, type Problem } from "../../api/problem";
import { ROLES, type WorkspaceMember } from "../../api/types";
import { isAdmin, useApp } from "../../app/context";
import { useLoad } from "../../app/useLoad";
import { fmtDate, label } from "../../format";
import { Field, FormAlert } from "../../ui/Field";
import { Badge, ErrorNote, Loading } from "../../ui/widgets";

const ROLE_WORDS: Record<string, string> = {
  owner: "everything, including owners",
  admin: "members and shop connections too",
  editor: "campaigns, creators and pipelines",
  viewer: "reads everything, changes nothing",
};

/** Members lists who is in the workspace and who is invited, and lets admins manage them. */
export default function Members() {
  const { api, workspace, session } = useApp();
  const ws = workspace.id;
  const list = useLoad(() => must(api.GET("/api/workspaces/{ws}/members", { params: { path: { ws } } })).then((r) => r.items), [ws]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const admin = isAdmin(workspace);
  const me = session.user()?.sub;

  if (list.error) return <ErrorNote message={list.error} retry={list.reload} />;
  if (!list.data) return <Loading what="Loading members" />;
  const members = list.data;

  const fail = (m: WorkspaceMember, err: unknown) => setErrors({ ...errors, [m.email]: asProblem(err).detail });
  const changeRole = async (m: WorkspaceMember, role: string) => {
    try {
      const updated = await must(api.PATCH("/api/workspaces/{ws}/members/{user}", { params: { path: { ws, user: m.userId ?? "" }, header: ifMatch(m) }, body: { role } }));
      list.set(members.map((x) => (x.email === m.email ? updated : x)));
      setErrors({ ...errors, [m.email]: "" });
    } catch (err) {
      fail(m, err);
    }
  };
  const remove = async (m: WorkspaceMember) => {
    if (!confirm(`Remove ${m.email} from ${workspace.name}?`)) return;
    try {
      await must(api.DELETE("/api/workspaces/{ws}/members/{user}", { params: { path: { ws, user: m.userId ?? "" } } }));
      list.set(members.filter((x) => x.email !== m.email));
    } catch (err) {
      fail(m, err);
    }
  };

  return (
    <section class="screen screen--narrow">
      <h1>Members</h1>
      <p class="muted">
        Roles: {ROLES.map((r) => `${label(r)} (${ROLE_WORDS[r]})`).join("; ")}.
      </p>
      <ul class="members">
        {members.map((m) => (
          <li key={m.email} class="member">
            <div>
              <strong>{m.email}</strong> {m.userId === me && <Badge>You</Badge>}
              <p class="muted small">
                {m.userId ? (m.joinedAt ? `Joined ${fmtDate(m.joinedAt)}` : "Member") : "Invitation pending: it is accepted when they sign in with this e-mail"}
              </p>
            </div>
            {admin && m.userId && m.userId !== me ? (
              <div class="member__actions">
                <label>
                  <span class="visually-hidden">Role of {m.email}</span>
                  <select value={m.role} onChange={(e) => void changeRole(m, (e.target as HTMLSelectElement).value)}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {label(r)}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="button" class="btn btn--small btn--link" onClick={() => void remove(m)}>
                  Remove
                </button>
              </div>
            ) : (
              <Badge>{label(m.role)}</Badge>
            )}
            {errors[m.email] && (
              <p class="field-error" role="alert">
                {errors[m.email]}
              </p>
            )}
          </li>
        ))}
      </ul>
      {admin ? <Invite onInvited={(m) => list.set([...members, m])} /> : <p class="muted">An admin can invite more people.</p>}
    </section>
  );
}

function Invite({ onInvited }: { onInvited: (m: WorkspaceMember) => void }) {
  const { api, workspace } = useApp();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("editor");
  const [problem, setProblem] = useState<Problem | null>(null);
  const errors = mapProblem(problem, ["email", "role"]);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      onInvited(await must(api.POST("/api/workspaces/{ws}/members", { params: { path: { ws: workspace.id } }, body: { email, role } })));
      setEmail("");
      setProblem(null);
    } catch (err) {
      setProblem(asProblem(err));
    }
  };
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <p class="small muted">They join when they next sign in to Hypetrack with this e-mail address.</p>
      <div class="row row--end">
        <Field name="email" label="E-mail address" errors={errors} idPrefix="invite">
          {(p) => <input {...p} type="email" value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} autoComplete="off" />}
        </Field>
        <Field name="role" label="Role" errors={errors} idPrefix="invite">
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {label(r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" class="btn btn--primary">
          Invite
        </button>
      </div>
      <FormAlert errors={errors} />
    </form>
  );
}
