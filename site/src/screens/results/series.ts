// Chart series from the results' day buckets. The values are the API's; a day without a
// value (its source is missing, or the day is after today) stays null, drawn as a gap.

import type { ChartSeries } from "../../ui/TimeChart";
import { minorDigits } from "../../format";
import { currenciesOf } from "./figures";
import type { SeriesDay } from "./types";

/** dayTime is a calendar day's local midnight in Unix seconds, so the axis shows that day. */
export function dayTime(day: string): number {
  return new Date(`${day}T00:00:00`).getTime() / 1000;
}

/** Chart is what one TimeChart draws. */
export interface Chart {
  times: number[];
  series: ChartSeries[];
}

type CountKey = "clicks" | "humanClicks" | "uniqueVisitors" | "orders" | "views";

/** countChart draws counts of the day buckets, one line per key with its label. */
export function countChart(days: SeriesDay[], lines: Array<[CountKey, string]>): Chart {
  return {
    times: days.map((d) => dayTime(d.day)),
    series: lines.map(([key, label]) => ({ label, values: days.map((d) => d[key] ?? null) })),
  };
}

/**
 * revenueChart draws net revenue, one line per currency (never added together), in major
 * units. A day with no data is null; in a currency the day has no money in, zero.
 */
export function revenueChart(days: SeriesDay[], base: string): Chart {
  const seen: Record<string, number> = {};
  for (const d of days) for (const c of Object.keys(d.netRevenue ?? {})) seen[c] = 0;
  return {
    times: days.map((d) => dayTime(d.day)),
    series: currenciesOf(seen, base).map((c) => ({
      label: `Net revenue (${c})`,
      values: days.map((d) => {
        const m = d.netRevenue as Record<string, number> | null | undefined;
        return m ? (m[c] ?? 0) / 10 ** minorDigits(c) : null;
      }),
    })),
  };
}

/** hasValues tells whether a chart has anything to draw: a chart of nulls says no data instead. */
export function hasValues(c: Chart): boolean {
  return c.series.some((s) => s.values.some((v) => v !== null));
}
