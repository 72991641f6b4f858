import { label } from "../format";
import { useApp } from "./context";
import { navigate } from "./router";

const NEW = "__new";

/** WorkspaceSwitcher moves between the marketer's workspaces, or starts a new one. */
export function WorkspaceSwitcher() {
  const { workspace, workspaces } = useApp();
  const change = (e: Event) => {
    const id = (e.target as HTMLSelectElement).value;
    navigate(id === NEW ? "/workspaces/new" : `/w/${id}/campaigns`);
  };
  return (
    <div class="switcher">
      <label for="workspace-switcher" class="visually-hidden">
        Workspace
      </label>
      <select id="workspace-switcher" value={workspace.id} onChange={change}>
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name} ({label(w.role)})
          </option>
        ))}
        <option value={NEW}>+ New workspace…</option>
      </select>
    </div>
  );
}
