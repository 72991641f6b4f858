import { render } from "@testing-library/preact";
import type { ComponentChildren } from "preact";
import { newApi } from "../api/client";
import type { Workspace } from "../api/types";
import { AppContext, type AppContextValue } from "../app/context";

/** json answers a fake API call with a body and status. */
export const json = (status: number, body: unknown, type = "application/json") => new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });

/**
 * withApp gives components the app context with a real API client over a fake fetch
 * (answer), in a workspace where the marketer has role; it returns a render function.
 */
export function withApp(answer: (r: Request) => Promise<Response>, role = "editor") {
  const api = newApi("https://api.example", { idToken: async () => "t", refresh: async () => undefined }, (r) => answer(r as Request));
  const workspace = { id: "w1", name: "Trail Co", role, timeZone: "UTC", currency: "USD" } as Workspace;
  const value = { api, workspace, workspaces: [workspace] } as unknown as AppContextValue;
  return (ui: ComponentChildren) => render(<AppContext.Provider value={value}>{ui}</AppContext.Provider>);
}
