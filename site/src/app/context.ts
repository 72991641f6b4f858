import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Api } from "../api/client";
import type { Workspace } from "../api/types";
import type { Session } from "../auth/session";
import type { SiteConfig } from "../config";

/** AppContext carries what every screen needs: the API, the session and the workspace. */
export interface AppContextValue {
  api: Api;
  session: Session;
  config: SiteConfig;
  workspace: Workspace;
  workspaces: Workspace[];
  /** reloadWorkspaces refetches the list, after creating one or accepting an invitation. */
  reloadWorkspaces: () => void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error("useApp outside AppContext");
  return v;
}

/** canEdit tells whether the marketer's role may change campaigns and creators. */
export function canEdit(ws: Workspace): boolean {
  return ws.role !== "viewer";
}

/** isAdmin tells whether the marketer may manage members and connections. */
export function isAdmin(ws: Workspace): boolean {
  return ws.role === "owner" || ws.role === "admin";
}
