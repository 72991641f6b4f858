import { useMemo, useState } from "preact/hooks";
import { useApp } from "../../app/context";
import { useLoad } from "../../app/useLoad";
import { fmtNumber, fmtPercent } from "../../format";
import { TimeChart } from "../../ui/TimeChart";
import { ErrorNote, Loading } from "../../ui/widgets";
import { clickChart, DIMENSIONS, PERIODS, periodStart, shareRows, type ClicksView } from "./clicks";

/** ClicksQuery is what the clicks routes read: the first day, day buckets and their time zone. */
export interface ClicksQuery {
  from: string;
  granularity: "day";
  tz: string;
}

interface Props {
  /** title heads the chart ("Clicks per day"); idPrefix keeps the controls' ids unique. */
  title: string;
  idPrefix: string;
  load: (q: ClicksQuery) => Promise<ClicksView>;
  /** deps say when load reads something else (another link). */
  deps: unknown[];
  /** creatorName names a creator of the campaign's breakdown by creator. */
  creatorName?: (id: string) => string;
}

/**
 * ClicksPanel shows clicks per day over a chosen period: totals for people and bots, the
 * chart, and where the clicks came from. Days follow the workspace's time zone, or UTC,
 * where the API also counts unique visitors per day.
 */
export function ClicksPanel({ title, idPrefix, load, deps, creatorName }: Props) {
  const { workspace } = useApp();
  const [days, setDays] = useState<number>(30);
  const [tz, setTz] = useState(workspace.timeZone || "UTC");
  const clicks = useLoad(() => load({ from: periodStart(days, tz), granularity: "day", tz }), [...deps, days, tz]);
  const chart = useMemo(() => (clicks.data ? clickChart(clicks.data) : null), [clicks.data]);

  return (
    <div class="clicks">
      <div class="row row--end clicks__controls">
        <div class="field">
          <label for={`${idPrefix}-period`}>Period</label>
          <select id={`${idPrefix}-period`} value={days} onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))}>
            {PERIODS.map((d) => (
              <option key={d} value={d}>
                Last {d} days
              </option>
            ))}
          </select>
        </div>
        {workspace.timeZone && workspace.timeZone !== "UTC" && (
          <div class="field">
            <label for={`${idPrefix}-tz`}>Days in</label>
            <select id={`${idPrefix}-tz`} value={tz} onChange={(e) => setTz((e.target as HTMLSelectElement).value)}>
              <option value={workspace.timeZone}>{workspace.timeZone} (the workspace's time zone)</option>
              <option value="UTC">UTC, with unique visitors per day</option>
            </select>
          </div>
        )}
      </div>
      {clicks.error ? (
        <ErrorNote message={clicks.error} retry={clicks.reload} />
      ) : !clicks.data || !chart ? (
        <Loading what="Loading clicks" />
      ) : (
        <>
          <Totals view={clicks.data} />
          {clicks.data.totals.clicks === 0 ? (
            <p class="muted">No clicks in this period yet. Clicks show here once people open the links.</p>
          ) : (
            <>
              <TimeChart title={title} times={chart.times} series={chart.series} format={fmtNumber} />
              <Breakdowns view={clicks.data} creatorName={creatorName} />
            </>
          )}
        </>
      )}
    </div>
  );
}

function Totals({ view }: { view: ClicksView }) {
  const t = view.totals;
  return (
    <dl class="facts">
      <div>
        <dt>Clicks</dt>
        <dd>{fmtNumber(t.clicks)}</dd>
      </div>
      <div>
        <dt>By people</dt>
        <dd>{fmtNumber(t.humanClicks)}</dd>
      </div>
      <div>
        <dt>By bots</dt>
        <dd>{fmtNumber(t.botClicks)}</dd>
      </div>
      <div>
        <dt title="Each day's unique visitors, added up over the period's whole UTC days: someone who came back on three days counts three times.">
          Unique visitors (daily, summed)
        </dt>
        <dd>{fmtNumber(t.visitorDays)}</dd>
      </div>
    </dl>
  );
}

function Breakdowns({ view, creatorName }: { view: ClicksView; creatorName?: (id: string) => string }) {
  const shown = DIMENSIONS.filter(([key]) => view.breakdowns[key]?.length);
  if (shown.length === 0) return null;
  return (
    <div class="breakdowns">
      {shown.map(([key, heading]) => {
        const rows = shareRows(view.breakdowns[key], 8, key === "creator" && creatorName ? creatorName : undefined);
        return (
          <table key={key} class="table breakdown">
            <caption>By {heading.toLowerCase()}</caption>
            <thead>
              <tr>
                <th scope="col">{heading}</th>
                <th scope="col" class="num">
                  Clicks
                </th>
                <th scope="col">Share</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.value}>
                  <th scope="row">{r.value}</th>
                  <td class="num">{fmtNumber(r.clicks)}</td>
                  <td>
                    <span class="bar" aria-hidden="true">
                      <span style={{ width: `${r.share * 100}%` }} />
                    </span>{" "}
                    {fmtPercent(r.share)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}
