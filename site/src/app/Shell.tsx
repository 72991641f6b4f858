import type { ComponentType } from "preact";
import { CampaignList } from "../screens/campaigns/CampaignList";
import { AppContext, type AppContextValue } from "./context";
import { lazy } from "./lazy";
import { match, navigate, type ScreenProps } from "./router";
import { WorkspaceSwitcher } from "./WorkspaceSwitcher";

// The campaigns list is the first screen and ships in the main bundle; every other screen
// is a chunk of its own, fetched when first opened.
const CampaignWizard = lazy<ScreenProps>(() => import("../screens/campaigns/CampaignWizard"));
const CampaignScreen = lazy<ScreenProps>(() => import("../screens/campaign/CampaignScreen"));
const Roster = lazy<ScreenProps>(() => import("../screens/creators/Roster"));
const Connections = lazy<ScreenProps>(() => import("../screens/connections/Connections"));
const ConnectionDetail = lazy<ScreenProps>(() => import("../screens/connections/ConnectionDetail"));
const Members = lazy<ScreenProps>(() => import("../screens/members/Members"));

const routes: Array<[string, ComponentType<ScreenProps>]> = [
  ["/w/:ws/campaigns", CampaignList],
  ["/w/:ws/campaigns/new", CampaignWizard],
  ["/w/:ws/campaigns/:id", CampaignScreen],
  ["/w/:ws/campaigns/:id/:tab", CampaignScreen],
  ["/w/:ws/creators", Roster],
  ["/w/:ws/connections", Connections],
  ["/w/:ws/connections/:id", ConnectionDetail],
  ["/w/:ws/members", Members],
];

const sections = [
  ["campaigns", "Campaigns"],
  ["creators", "Creators"],
  ["connections", "Connections"],
  ["members", "Members"],
] as const;

/** Shell is the signed-in frame: workspace switcher, sections, the current screen. */
export function Shell({ value, path }: { value: AppContextValue; path: string }) {
  const ws = value.workspace.id;
  const section = path.split("/")[3];
  let screen = null;
  for (const [pattern, Screen] of routes) {
    const params = match(pattern, path);
    if (params) {
      screen = <Screen params={params} />;
      break;
    }
  }
  return (
    <AppContext.Provider value={value}>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById("main")?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href={`#/w/${ws}/campaigns`}>
          Hypetrack
        </a>
        <WorkspaceSwitcher />
        <nav class="top__nav" aria-label="Sections">
          {sections.map(([key, text]) => (
            <a key={key} href={`#/w/${ws}/${key}`} aria-current={section === key ? "page" : undefined}>
              {text}
            </a>
          ))}
        </nav>
        <div class="top__user">
          <span class="top__email">{value.session.user()?.email}</span>
          <button type="button" class="btn btn--small" onClick={() => value.session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {screen ?? <NotFound onHome={() => navigate(`/w/${ws}/campaigns`)} />}
      </main>
    </AppContext.Provider>
  );
}

function NotFound({ onHome }: { onHome: () => void }) {
  return (
    <div class="empty">
      <h1>Nothing here</h1>
      <p>This address names no screen of Hypetrack.</p>
      <button type="button" class="btn btn--primary" onClick={onHome}>
        Go to campaigns
      </button>
    </div>
  );
}
