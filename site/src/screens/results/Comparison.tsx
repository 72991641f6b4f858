import { must } from "../../api/client";
import { useApp } from "../../app/context";
import { useLoad } from "../../app/useLoad";
import { fmtDate } from "../../format";
import { ErrorNote, Loading } from "../../ui/widgets";
import { FigureCells } from "./FigureCells";
import { moneyText, ratioText, timesText, type FigureSpec } from "./figures";
import { goalStatusText } from "./GoalCard";
import type { Benchmark } from "./types";

const SPECS: FigureSpec[] = [
  { key: "views", label: "Views", kind: "count" },
  { key: "humanClicks", label: "Clicks", kind: "count" },
  { key: "orders", label: "Orders", kind: "count" },
  { key: "netRevenue", label: "Net revenue", kind: "money" },
  { key: "cost", label: "Cost", kind: "money" },
  { key: "cpa", label: "CPA", kind: "moneyPer" },
];

/**
 * ComparisonTable sets the campaign beside up to five earlier campaigns with the same
 * objective (GET …/results/comparison), each over its own days, with the paid-ads benchmark.
 */
export function ComparisonTable({ campaignId }: { campaignId: string }) {
  const { api, workspace } = useApp();
  const loaded = useLoad(
    () =>
      must(
        api.GET("/api/workspaces/{ws}/campaigns/{campaign}/results/comparison", {
          params: { path: { ws: workspace.id, campaign: campaignId } },
        }),
      ),
    [workspace.id, campaignId],
  );
  const body = () => {
    if (loaded.error) return <ErrorNote message={loaded.error} retry={loaded.reload} />;
    const c = loaded.data;
    if (!c) return <Loading what="Loading earlier campaigns" />;
    return (
      <>
        {c.campaigns.length <= 1 ? (
          <p>No earlier campaign with the same objective to compare with. Once this workspace has run one, it shows here.</p>
        ) : (
          <div class="table-wrap">
            <table class="table table--cards">
              <caption class="visually-hidden">Comparison with previous campaigns</caption>
              <thead>
                <tr>
                  <th scope="col">Campaign</th>
                  <th scope="col">Dates</th>
                  <th scope="col">Goal</th>
                  {SPECS.map((s) => (
                    <th key={s.key} scope="col" class="num">
                      {s.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {c.campaigns.map((s, i) => (
                  <tr key={s.campaign.id}>
                    <th scope="row" data-label="Campaign">
                      {i === 0 ? (
                        <strong>{s.campaign.name} (this campaign)</strong>
                      ) : (
                        <a href={`#/w/${workspace.id}/campaigns/${s.campaign.id}`}>{s.campaign.name}</a>
                      )}
                    </th>
                    <td data-label="Dates">
                      {fmtDate(s.range.from)} – {fmtDate(s.range.to)}
                    </td>
                    <td data-label="Goal">
                      {ratioText(s.goal.percent, 0)} · {goalStatusText(s.goal.status)}
                    </td>
                    <FigureCells figures={s.figures} specs={SPECS} currency={s.campaign.currency} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {c.benchmark && <BenchmarkLine b={c.benchmark} />}
      </>
    );
  };
  return (
    <section class="card" aria-labelledby="comparison-title">
      <h2 id="comparison-title">Comparison with previous campaigns</h2>
      {body()}
    </section>
  );
}

/** BenchmarkLine compares the campaign's CPA with the paid-ads CPA its marketer entered. */
export function BenchmarkLine({ b }: { b: Benchmark }) {
  const cur = b.cpa.currency;
  const known = b.actual !== null && b.actual !== undefined;
  return (
    <p>
      Paid-ads CPA: {moneyText(b.cpa.amount, cur)}. This campaign's CPA in {cur}: {moneyText(b.actual, cur)}
      {known && b.ratio !== null && b.ratio !== undefined
        ? `, ${timesText(b.ratio)} the paid-ads cost (${b.ratio < 1 ? "cheaper" : b.ratio > 1 ? "dearer" : "the same"}).`
        : known
          ? "."
          : ` (known once there are orders and all of the cost is in ${cur}).`}
    </p>
  );
}
