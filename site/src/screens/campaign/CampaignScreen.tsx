import { must } from "../../api/client";
import type { Campaign } from "../../api/types";
import { canEdit, useApp } from "../../app/context";
import { lazy } from "../../app/lazy";
import { navigate, type ScreenProps } from "../../app/router";
import { useLoad } from "../../app/useLoad";
import { label } from "../../format";
import { Badge, ErrorNote, Loading } from "../../ui/widgets";
import { CampaignForm } from "../campaigns/CampaignForm";
import { goalText } from "../campaigns/goal";
import { Overview } from "./Overview";

const Pipeline = lazy<TabProps>(() => import("../pipeline/Pipeline"));
const PersonaScreen = lazy<TabProps>(() => import("../persona/PersonaScreen"));
const Outreach = lazy<TabProps>(() => import("../outreach/Outreach"));
const LinksTab = lazy<TabProps>(() => import("../links/LinksTab"));
const ContentTab = lazy<TabProps>(() => import("../content/ContentTab"));
const ReportTab = lazy<TabProps>(() => import("../report/ReportTab"));

export interface TabProps {
  campaign: Campaign;
  /** onChange takes the campaign as a tab saved it, so every tab sees the new version. */
  onChange: (c: Campaign) => void;
}

const TABS = [
  ["", "Overview"],
  ["pipeline", "Pipeline"],
  ["persona", "Persona and match"],
  ["outreach", "Outreach"],
  ["links", "Links and codes"],
  ["content", "Content"],
  ["report", "Post-mortem"],
] as const;

/** CampaignScreen is one campaign: its header, its tabs and the open tab. */
export default function CampaignScreen({ params }: ScreenProps) {
  const { api, workspace } = useApp();
  const tab = params.tab ?? "";
  const loaded = useLoad(
    () => must(api.GET("/api/workspaces/{ws}/campaigns/{campaign}", { params: { path: { ws: workspace.id, campaign: params.id } } })),
    [workspace.id, params.id],
  );
  const base = `/w/${workspace.id}/campaigns/${params.id}`;
  if (loaded.error) return <ErrorNote message={loaded.error} retry={loaded.reload} />;
  const c = loaded.data;
  if (!c) return <Loading what="Loading the campaign" />;
  const props: TabProps = { campaign: c, onChange: loaded.set };
  const editable = canEdit(workspace) && c.status !== "archived";

  return (
    <section class="screen">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href={`#/w/${workspace.id}/campaigns`}>Campaigns</a>
      </nav>
      <div class="screen__head">
        <div>
          <h1>
            {c.name} <Badge>{label(c.status)}</Badge>
          </h1>
          <p class="goal">
            <span class="muted">Goal:</span> {goalText(c)}
          </p>
        </div>
        {editable && tab !== "edit" && (
          <a class="btn" href={`#${base}/edit`}>
            Edit campaign
          </a>
        )}
      </div>
      {tab !== "edit" && (
        <nav class="tabs" aria-label="Campaign">
          {TABS.map(([key, text]) => (
            <a key={key} href={`#${base}${key ? `/${key}` : ""}`} aria-current={tab === key ? "page" : undefined}>
              {text}
            </a>
          ))}
        </nav>
      )}
      {tab === "" && <Overview {...props} />}
      {tab === "pipeline" && <Pipeline {...props} />}
      {tab === "persona" && <PersonaScreen {...props} />}
      {tab === "outreach" && <Outreach {...props} />}
      {tab === "links" && <LinksTab {...props} />}
      {tab === "content" && <ContentTab {...props} />}
      {tab === "report" && <ReportTab {...props} />}
      {tab === "edit" && (
        <div class="screen--narrow">
          <h2>Edit campaign</h2>
          <CampaignForm
            campaign={c}
            onSaved={(saved) => {
              loaded.set(saved);
              navigate(base);
            }}
            onCancel={() => navigate(base)}
          />
        </div>
      )}
    </section>
  );
}
