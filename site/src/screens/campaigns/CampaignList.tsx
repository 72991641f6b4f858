import { useState } from "preact/hooks";
import { must } from "../../api/client";
import type { Campaign } from "../../api/types";
import { CAMPAIGN_STATUSES } from "../../api/types";
import { canEdit, useApp } from "../../app/context";
import { useLoad } from "../../app/useLoad";
import { label } from "../../format";
import { Badge, EmptyState, ErrorNote, Loading, Meter } from "../../ui/widgets";
import { goalText } from "./goal";
import { KeyFacts } from "./KeyFacts";

const FILTERS = ["", ...CAMPAIGN_STATUSES, "archived"] as const;

/** CampaignList is the first screen: every campaign with its status and its goal. */
export function CampaignList() {
  const { api, workspace } = useApp();
  const [status, setStatus] = useState<string>("");
  const list = useLoad(
    () =>
      must(
        api.GET("/api/workspaces/{ws}/campaigns", {
          params: { path: { ws: workspace.id }, query: status ? { status } : {} },
        }),
      ).then((r) => r.items),
    [workspace.id, status],
  );
  const base = `#/w/${workspace.id}/campaigns`;
  return (
    <section class="screen">
      <div class="screen__head">
        <h1>Campaigns</h1>
        {canEdit(workspace) && (
          <a class="btn btn--primary" href={`${base}/new`}>
            New campaign
          </a>
        )}
      </div>
      <div class="toolbar">
        <label for="campaign-status">Show</label>
        <select id="campaign-status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
          {FILTERS.map((s) => (
            <option key={s} value={s}>
              {s ? label(s) : "All but archived"}
            </option>
          ))}
        </select>
      </div>
      {list.error ? (
        <ErrorNote message={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="Loading campaigns" />
      ) : list.data.length === 0 ? (
        <EmptyState title={status ? `No ${label(status).toLowerCase()} campaigns` : "No campaigns yet"}>
          <p>
            A campaign starts from a goal you can measure, such as “500 orders by March 31”. Set the goal, the budget
            and the dates; then pick creators whose audience matches your buyers.
          </p>
          {canEdit(workspace) && !status && (
            <a class="btn btn--primary" href={`${base}/new`}>
              Create the first campaign
            </a>
          )}
        </EmptyState>
      ) : (
        <ul class="cards" aria-label="Campaigns">
          {list.data.map((c) => (
            <CampaignCard key={c.id} campaign={c} href={`${base}/${c.id}`} />
          ))}
        </ul>
      )}
    </section>
  );
}

const statusTone = { active: "good", paused: "warn", archived: "muted" } as const;

function CampaignCard({ campaign: c, href }: { campaign: Campaign; href: string }) {
  return (
    <li class="card campaign-card">
      <div class="card__head">
        <h2>
          <a href={href}>{c.name}</a>
        </h2>
        <Badge tone={statusTone[c.status as keyof typeof statusTone] ?? "neutral"}>{label(c.status)}</Badge>
      </div>
      <p class="goal">
        <span class="muted">Goal:</span> {goalText(c)}
      </p>
      <GoalProgress campaign={c} />
      <dl class="facts">
        <KeyFacts campaign={c} />
      </dl>
    </li>
  );
}

const projection: Record<string, string> = {
  reached: "Goal reached",
  on_track: "On track",
  at_risk: "At risk",
  off_track: "Off track",
  missed: "Goal missed",
  not_started: "Not started",
};

/**
 * GoalProgress reads the goal's progress from the campaign's results, one request per card.
 * It asks for the first day only: the goal is judged over its own days whatever the range,
 * so the API computes no more than it must. No data reads "no data yet", never 0 %.
 */
function GoalProgress({ campaign: c }: { campaign: Campaign }) {
  const { api, workspace } = useApp();
  const results = useLoad(
    () =>
      must(
        api.GET("/api/workspaces/{ws}/campaigns/{campaign}/results", {
          params: { path: { ws: workspace.id, campaign: c.id }, query: { from: c.startDate, to: c.startDate } },
        }),
      ),
    [workspace.id, c.id, c.version],
  );
  const g = results.data?.goal;
  const status = g?.status ? projection[g.status] : undefined;
  return (
    <>
      <Meter
        label="Progress to goal"
        value={g?.percent}
        empty={results.error ? "could not be loaded" : results.loading ? "loading…" : "no data yet"}
      />
      {status && <p class="muted small goal-status">{status}</p>}
    </>
  );
}
