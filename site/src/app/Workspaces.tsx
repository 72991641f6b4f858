import { useEffect } from "preact/hooks";
import { must, type Api } from "../api/client";
import type { Session } from "../auth/session";
import type { SiteConfig } from "../config";
import { ErrorNote, Loading } from "../ui/widgets";
import { CreateWorkspace } from "./CreateWorkspace";
import { navigate, usePath } from "./router";
import { Shell } from "./Shell";
import { useLoad } from "./useLoad";

const LAST_KEY = "hypetrack.workspace";

interface Props {
  config: SiteConfig;
  session: Session;
  api: Api;
}

/**
 * Workspaces loads the marketer's workspaces (which also accepts pending invitations) and
 * picks the one the URL names. With none yet, creating the first one is the first run.
 */
export function Workspaces({ config, session, api }: Props) {
  const path = usePath();
  const list = useLoad(() => must(api.GET("/api/workspaces")).then((r) => r.items), [api]);
  const items = list.data ?? [];
  const seg = path.split("?")[0].split("/").filter(Boolean);
  const named = seg[0] === "w" ? seg[1] : undefined;
  const current = items.find((w) => w.id === named);

  useEffect(() => {
    if (!list.data || list.data.length === 0 || current || path === "/workspaces/new") return;
    const last = localStorage.getItem(LAST_KEY);
    const pick = list.data.find((w) => w.id === last) ?? list.data[0];
    navigate(`/w/${pick.id}/campaigns`, { replace: true });
  }, [list.data, current, path]);

  useEffect(() => {
    if (current) localStorage.setItem(LAST_KEY, current.id);
  }, [current]);

  if (list.loading && !list.data) return <Loading what="Loading your workspaces" />;
  if (list.error) return <ErrorNote message={list.error} retry={list.reload} />;
  const created = (id: string) => {
    list.reload();
    navigate(`/w/${id}/campaigns`);
  };
  if (items.length === 0 || path === "/workspaces/new") {
    return (
      <CreateWorkspace
        api={api}
        firstRun={items.length === 0}
        email={session.user()?.email ?? ""}
        onCreated={created}
        onSignOut={() => session.signOut()}
      />
    );
  }
  if (!current) return <Loading />;
  return (
    <Shell
      value={{ api, session, config, workspace: current, workspaces: items, reloadWorkspaces: list.reload }}
      path={path}
    />
  );
}
