import { must } from "../../api/client";
import { useApp } from "../../app/context";
import { useLoad } from "../../app/useLoad";
import { fmtDate, label } from "../../format";
import { ErrorNote, Loading } from "../../ui/widgets";
import type { TabProps } from "../campaign/CampaignScreen";
import { BenchmarkLine } from "../results/Comparison";
import { Exports } from "../results/Exports";
import { amountsText, countText, decimalText, moneyText, NO_DATA, ratioText } from "../results/figures";
import { GoalCard } from "../results/GoalCard";
import { SourcesNote } from "../results/SourcesNote";
import type { PostMortem } from "../results/types";
import { NotesEditor } from "./NotesEditor";
import { PrintableReport } from "./PrintableReport";

/**
 * ReportTab is the post-mortem (GET …/postmortem) over the campaign's days: was the goal
 * reached, conversion per creator and its spread, cost against budget and deals, days from
 * contract to first post, revisions, and the marketer's notes; printable and as CSV.
 */
export default function ReportTab({ campaign, onChange }: TabProps) {
  const { api, workspace } = useApp();
  const loaded = useLoad(
    () =>
      must(
        api.GET("/api/workspaces/{ws}/campaigns/{campaign}/postmortem", {
          params: { path: { ws: workspace.id, campaign: campaign.id } },
        }),
      ),
    [workspace.id, campaign.id],
  );
  if (loaded.error) return <ErrorNote message={loaded.error} retry={loaded.reload} />;
  const pm = loaded.data;
  if (!pm) return <Loading what="Loading the post-mortem" />;
  return (
    <div>
      <div class="screen__head">
        <h2>Post-mortem</h2>
        <div class="actions">
          <PrintableReport campaignId={campaign.id} />
          <Exports campaign={campaign} tables={["postmortem"]} />
        </div>
      </div>
      <p class="muted">
        Over the campaign's days, {fmtDate(pm.range.from)} – {fmtDate(pm.range.to)}, as of {fmtDate(pm.today)}.
      </p>
      <SourcesNote sources={pm.sources} />
      <div class="grid2">
        <Verdict pm={pm} />
        <GoalCard goal={pm.goal} campaign={campaign} />
      </div>
      <div class="grid2">
        <Budget pm={pm} />
        <Spread pm={pm} />
      </div>
      <Creators pm={pm} />
      <NotesEditor campaign={campaign} onSaved={onChange} />
    </div>
  );
}

/** reachedText answers "was the goal reached?"; null is not known. */
export function reachedText(reached: boolean | null | undefined): string {
  if (reached === null || reached === undefined) return "Not known: the goal's figure has no data";
  return reached ? "Yes, the goal was reached" : "No, the goal was not reached";
}

function Verdict({ pm }: { pm: PostMortem }) {
  const d = pm.daysToFirstPost;
  return (
    <section class="card" aria-labelledby="verdict-title">
      <h2 id="verdict-title">Summary</h2>
      <dl class="facts facts--stack">
        <div>
          <dt>Goal reached?</dt>
          <dd>{reachedText(pm.goalReached)}</dd>
        </div>
        <div>
          <dt>Days from contract to first post</dt>
          <dd>
            {d.creators === 0
              ? "no creator has posted yet"
              : `${decimalText(d.mean)} on average, ${countText(d.max)} at most (${d.creators} ${d.creators === 1 ? "creator" : "creators"})`}
          </dd>
        </div>
        <div>
          <dt>Revisions</dt>
          <dd>{countText(pm.revisions)} sent back for changes</dd>
        </div>
      </dl>
      {pm.benchmark && <BenchmarkLine b={pm.benchmark} />}
    </section>
  );
}

/** overrunText says how far the cost is from the budget, in the budget's currency. */
export function overrunText(overrun: number | null | undefined, percent: number | null | undefined, currency: string): string {
  if (overrun === null || overrun === undefined) return NO_DATA;
  const share = percent === null || percent === undefined ? "" : ` (${ratioText(Math.abs(percent), 0)})`;
  if (overrun === 0) return "exactly on budget";
  return `${moneyText(Math.abs(overrun), currency)} ${overrun > 0 ? "over" : "under"} budget${share}`;
}

function Budget({ pm }: { pm: PostMortem }) {
  const b = pm.budget;
  const cur = b.budget.currency;
  const others = Object.keys(b.otherCurrencies ?? {});
  return (
    <section class="card" aria-labelledby="budget-title">
      <h2 id="budget-title">Cost against budget</h2>
      <dl class="facts facts--stack">
        <div>
          <dt>Budget</dt>
          <dd>{b.budget.amount > 0 ? moneyText(b.budget.amount, cur) : "not set"}</dd>
        </div>
        <div>
          <dt>Cost in {cur}</dt>
          <dd>{moneyText(b.cost, cur)}</dd>
        </div>
        {b.budget.amount > 0 && (
          <div>
            <dt>Overrun</dt>
            <dd>{overrunText(b.overrun, b.overrunPercent, cur)}</dd>
          </div>
        )}
        {others.length > 0 && (
          <div>
            <dt>Cost in other currencies</dt>
            <dd>
              {others.map((c) => moneyText(b.otherCurrencies?.[c], c)).join(", ")}: not comparable with the budget without a
              conversion rate
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function Spread({ pm }: { pm: PostMortem }) {
  const s = pm.conversion;
  return (
    <section class="card" aria-labelledby="spread-title">
      <h2 id="spread-title">Conversion between creators</h2>
      {s.creators === 0 ? (
        <p>No data: no creator has a conversion rate yet (orders ÷ unique visitors needs both counts).</p>
      ) : (
        <dl class="facts facts--stack">
          <div>
            <dt>Lowest</dt>
            <dd>
              {ratioText(s.min)}
              {s.lowest && ` (${s.lowest})`}
            </dd>
          </div>
          <div>
            <dt>Median</dt>
            <dd>{ratioText(s.median)}</dd>
          </div>
          <div>
            <dt>Highest</dt>
            <dd>
              {ratioText(s.max)}
              {s.highest && ` (${s.highest})`}
            </dd>
          </div>
          <div>
            <dt>Mean</dt>
            <dd>{ratioText(s.mean)}</dd>
          </div>
          <div>
            <dt>Standard deviation</dt>
            <dd>
              {ratioText(s.stdDev)} over {s.creators} {s.creators === 1 ? "creator" : "creators"}
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}

function Creators({ pm }: { pm: PostMortem }) {
  const cur = pm.campaign.currency;
  const money = (m: Record<string, number> | null | undefined) => amountsText(m, cur).join(", ");
  return (
    <section class="card" aria-labelledby="pm-creators-title">
      <h2 id="pm-creators-title">Creators</h2>
      {pm.creators.length === 0 ? (
        <p>No creator had a standing deal in this campaign. Creators appear here once contracted on the Pipeline tab.</p>
      ) : (
        <div class="table-wrap">
          <table class="table table--cards">
            <caption class="visually-hidden">Conversion and cost per creator</caption>
            <thead>
              <tr>
                <th scope="col">Creator</th>
                <th scope="col" class="num">Unique visitors</th>
                <th scope="col" class="num">Orders</th>
                <th scope="col" class="num">Conversion rate</th>
                <th scope="col" class="num">Agreed</th>
                <th scope="col" class="num">Cost</th>
                <th scope="col" class="num">Above agreed</th>
                <th scope="col" class="num">Days to first post</th>
                <th scope="col" class="num">Revisions</th>
              </tr>
            </thead>
            <tbody>
              {pm.creators.map((c) => (
                <tr key={c.creatorId}>
                  <th scope="row" data-label="Creator">
                    <span class="who">{c.name}</span>
                    <span class="muted small">{label(c.stage)}</span>
                  </th>
                  <td class="num" data-label="Unique visitors">{countText(c.uniqueVisitors)}</td>
                  <td class="num" data-label="Orders">{countText(c.orders)}</td>
                  <td class="num" data-label="Conversion rate">{ratioText(c.conversion)}</td>
                  <td class="num" data-label="Agreed">{money(c.agreed)}</td>
                  <td class="num" data-label="Cost">{money(c.cost)}</td>
                  <td class="num" data-label="Above agreed">{money(c.overAgreed)}</td>
                  <td class="num" data-label="Days to first post">
                    {c.daysToFirstPost === null || c.daysToFirstPost === undefined
                      ? c.contractedOn
                        ? "not posted yet"
                        : NO_DATA
                      : countText(c.daysToFirstPost)}
                  </td>
                  <td class="num" data-label="Revisions">{countText(c.revisions)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
