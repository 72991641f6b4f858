// The click figures as the Links tab shows them: the series for the chart and the shares
// of the breakdowns, built from the API's clicks view.

import type { components } from "../../api/schema";
import type { ChartSeries } from "../../ui/TimeChart";

export type ClicksView = components["schemas"]["api.clicksView"];
export type Share = components["schemas"]["api.shareView"];

/** DIMENSIONS are the breakdowns shown, in order, with their headings; "creator" is a campaign's only. */
export const DIMENSIONS = [
  ["country", "Country"],
  ["device", "Device"],
  ["os", "Operating system"],
  ["referrer", "Referrer"],
  ["creator", "Creator"],
] as const;

export interface ClickChart {
  times: number[];
  series: ChartSeries[];
}

/**
 * clickChart turns the points into the chart's series: human and bot clicks, and unique
 * visitors when the API counted them (days in UTC only; otherwise the line is left out
 * rather than drawn as zeros).
 */
export function clickChart(view: ClicksView): ClickChart {
  const points = view.series.points;
  const series: ChartSeries[] = [
    { label: "Human clicks", values: points.map((p) => p.humanClicks) },
    { label: "Bot clicks", values: points.map((p) => p.botClicks) },
  ];
  if (view.series.hasUniques) series.push({ label: "Unique visitors", values: points.map((p) => p.uniques) });
  return { times: points.map((p) => Date.parse(p.start) / 1000), series };
}

export interface ShareRow {
  value: string;
  clicks: number;
  /** share is the row's part of all the breakdown's clicks, 0 to 1. */
  share: number;
}

/**
 * shareRows sorts a breakdown by clicks, largest first, names values with name (a creator's
 * id becomes their name), and folds what is past limit into one "Other" row.
 */
export function shareRows(shares: Share[] | undefined, limit = 8, name: (v: string) => string = valueName): ShareRow[] {
  const list = [...(shares ?? [])].filter((s) => s.clicks > 0).sort((a, b) => b.clicks - a.clicks);
  const total = list.reduce((n, s) => n + s.clicks, 0);
  if (total === 0) return [];
  const rows = list.slice(0, limit).map((s) => ({ value: name(s.value), clicks: s.clicks, share: s.clicks / total }));
  const rest = list.slice(limit).reduce((n, s) => n + s.clicks, 0);
  if (rest > 0) rows.push({ value: "Other", clicks: rest, share: rest / total });
  return rows;
}

const VALUE_NAMES: Record<string, string> = {
  unknown: "Unknown",
  direct: "Direct (no referrer)",
  desktop: "Desktop",
  mobile: "Mobile",
  tablet: "Tablet",
  other: "Other",
};

/** valueName words a breakdown value the API writes as a code ("direct", "mobile"). */
export function valueName(v: string): string {
  return VALUE_NAMES[v] ?? (v || "Unknown");
}

/** PERIODS are the ranges the clicks can be read over, in days. */
export const PERIODS = [7, 30, 90] as const;

/**
 * periodStart is the first day of the last `days` days (today included) as a calendar date
 * in timeZone, the form the API reads as a day boundary in that zone.
 */
export function periodStart(days: number, timeZone: string, now = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD; count back on the calendar, not in hours, so a
  // daylight-saving change does not shift the day.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  const [y, m, d] = today.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d - (days - 1))).toISOString().slice(0, 10);
}
