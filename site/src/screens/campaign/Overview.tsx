import { useState } from "preact/hooks";
import { must } from "../../api/client";
import type { Campaign } from "../../api/types";
import { useApp } from "../../app/context";
import { lazy } from "../../app/lazy";
import { useLoad } from "../../app/useLoad";
import { label } from "../../format";
import { ErrorNote, Loading } from "../../ui/widgets";
import { KeyFacts } from "../campaigns/KeyFacts";
import { ComparisonTable } from "../results/Comparison";
import { CreatorDialog } from "../results/CreatorDialog";
import { Disclosure } from "../results/Disclosure";
import { Exports, type ResultsQuery } from "../results/Exports";
import { HEADLINE, MORE } from "../results/figures";
import { FigureTiles } from "../results/FigureTiles";
import { GoalCard } from "../results/GoalCard";
import { Leaderboard } from "../results/Leaderboard";
import { sortParam } from "../results/leaderboard";
import { RangeForm } from "../results/RangeForm";
import type { ResultChartsProps } from "../results/ResultCharts";
import { SourcesNote } from "../results/SourcesNote";
import type { CreatorRow } from "../results/types";
import type { TabProps } from "./CampaignScreen";

// The charts bring uPlot: a chunk of their own, fetched when the overview first draws them.
const ResultCharts = lazy<ResultChartsProps>(() => import("../results/ResultCharts"));

/** Overview shows the plan as set beside the goal's progress, then the campaign's results. */
export function Overview({ campaign: c }: TabProps) {
  const { api, workspace } = useApp();
  const [range, setRange] = useState<Pick<ResultsQuery, "from" | "to">>({});
  const [sort, setSort] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState<CreatorRow | null>(null);
  const loaded = useLoad(
    () =>
      must(
        api.GET("/api/workspaces/{ws}/campaigns/{campaign}/results", {
          params: { path: { ws: workspace.id, campaign: c.id }, query: range },
        }),
      ),
    [workspace.id, c.id, c.version, range.from, range.to],
  );
  const d = loaded.data;
  const currency = d?.campaign.currency ?? c.budget.currency;
  return (
    <>
      <div class="grid2">
        <Plan campaign={c} />
        {d ? <GoalCard goal={d.goal} campaign={c} /> : !loaded.error && <Loading what="Loading the results" />}
      </div>
      <section aria-labelledby="results-title">
        <div class="screen__head">
          <h2 id="results-title">Results</h2>
          <RangeForm shown={d?.range} chosen={Boolean(range.from)} onChange={setRange} />
        </div>
        {loaded.error ? (
          <ErrorNote message={loaded.error} retry={loaded.reload} />
        ) : !d ? null : (
          <>
            <SourcesNote sources={d.sources} />
            <FigureTiles figures={d.figures} specs={HEADLINE} currency={currency} label="Headline figures" />
            <details class="more">
              <summary>More figures</summary>
              <FigureTiles figures={d.figures} specs={MORE} currency={currency} label="More figures" />
            </details>
            <ResultCharts days={d.series} currency={currency} />
            <section class="card" aria-labelledby="leaderboard-title">
              <h2 id="leaderboard-title">Creator leaderboard</h2>
              <p class="muted small">
                Press a column to sort by it. Money is per currency and never added across currencies; money columns sort by{" "}
                {currency}.
              </p>
              <Leaderboard
                rows={d.leaderboard.rows}
                apiSort={d.leaderboard.sort}
                currency={currency}
                onSort={(s) => setSort(sortParam(s, currency))}
                onOpen={setOpen}
              />
            </section>
            <Disclosure figures={d.figures} rows={d.leaderboard.rows} tags={c.disclosureTags} />
            <ComparisonTable campaignId={c.id} />
            <section class="card" aria-labelledby="export-title">
              <h2 id="export-title">Export</h2>
              <p class="muted small">CSV files for spreadsheets, over the period shown; the leaderboard keeps its order.</p>
              <Exports campaign={c} tables={["figures", "goal", "series", "leaderboard", "comparison"]} query={{ ...range, sort }} />
            </section>
            {open && <CreatorDialog campaignId={c.id} row={open} currency={currency} range={range} onClose={() => setOpen(null)} />}
          </>
        )}
      </section>
    </>
  );
}

/** Plan is the campaign as set: objective, dates, budget, destination, disclosure, brief. */
function Plan({ campaign: c }: { campaign: Campaign }) {
  return (
    <section class="card" aria-labelledby="plan-title">
      <h2 id="plan-title">The plan</h2>
      <dl class="facts facts--stack">
        <KeyFacts campaign={c} />
        <div>
          <dt>Destination</dt>
          <dd class="wrap">{c.destinationUrl}</dd>
        </div>
        <div>
          <dt>Disclosure tags</dt>
          <dd>{c.disclosureTags.join(" ")}</dd>
        </div>
        <div>
          <dt>Attribution window</dt>
          <dd>{c.attributionWindowDays} days after a click or code</dd>
        </div>
        {c.platforms.length > 0 && (
          <div>
            <dt>Platforms</dt>
            <dd>{c.platforms.map(label).join(", ")}</dd>
          </div>
        )}
      </dl>
      {c.brief && (
        <>
          <h3>Brief</h3>
          <p class="prewrap">{c.brief}</p>
        </>
      )}
    </section>
  );
}
