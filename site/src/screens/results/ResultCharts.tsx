import { useMemo } from "preact/hooks";
import { fmtNumber } from "../../format";
import { TimeChart } from "../../ui/TimeChart";
import { countChart, hasValues, revenueChart, type Chart } from "./series";
import type { SeriesDay } from "./types";

/** ResultChartsProps are the day buckets to draw and the campaign's currency. */
export interface ResultChartsProps {
  days: SeriesDay[];
  currency: string;
}

const whole = (v: number) => fmtNumber(v);
const amount = (v: number) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(v);

/**
 * ResultCharts draws clicks, orders, net revenue and views per day. It is its own chunk,
 * so uPlot loads only when a results screen opens.
 */
export default function ResultCharts({ days, currency }: ResultChartsProps) {
  const charts = useMemo(
    () =>
      [
        ["Clicks per day", countChart(days, [["humanClicks", "Human clicks"], ["clicks", "All clicks"]]), whole],
        ["Orders per day", countChart(days, [["orders", "Orders"]]), whole],
        ["Net revenue per day", revenueChart(days, currency), amount],
        ["Views per day", countChart(days, [["views", "Views"]]), whole],
      ] as Array<[string, Chart, (v: number) => string]>,
    [days, currency],
  );
  return (
    <div class="charts">
      {charts.map(([title, chart, format]) => (
        <section key={title} class="chart-box" aria-label={title}>
          <h3>{title}</h3>
          {hasValues(chart) ? (
            <TimeChart title={title} times={chart.times} series={chart.series} format={format} />
          ) : (
            <p class="muted">No data for this period.</p>
          )}
        </section>
      ))}
    </div>
  );
}
