// The creator leaderboard's columns and order. The API ranks the rows (?sort=); the table
// re-sorts what it was given by the same rules, so a click on a header needs no new request:
// highest first, "-" the other way, no data last in both directions, ties by name then id.

import type { FigureSpec, Kind } from "./figures";
import type { CreatorRow, Figures } from "./types";

/** COLUMNS are the leaderboard's figures, labelled as GET /api/figures labels them. */
export const COLUMNS: FigureSpec[] = [
  { key: "views", label: "Views", kind: "count" },
  { key: "engagementRate", label: "Engagement rate", kind: "ratio" },
  { key: "humanClicks", label: "Clicks", kind: "count" },
  { key: "uniqueVisitors", label: "Unique visitors", kind: "count" },
  { key: "orders", label: "Orders", kind: "count" },
  { key: "conversion", label: "Conversion rate", kind: "ratio" },
  { key: "netRevenue", label: "Net revenue", kind: "money" },
  { key: "cost", label: "Cost", kind: "money" },
  { key: "roas", label: "ROAS", kind: "times" },
  { key: "cpa", label: "CPA", kind: "moneyPer" },
];

/** Sort is an order of the leaderboard: a figure key or "name", and its direction. */
export interface Sort {
  key: string;
  desc: boolean;
}

const moneyKinds: Kind[] = ["money", "moneyPer", "times", "ratioPer"];

function kindOf(key: string): Kind | undefined {
  return COLUMNS.find((c) => c.key === key)?.kind;
}

/**
 * parseSort reads the API's leaderboard.sort ("orders", "-cpa.EUR", "name"): figures read
 * highest first and names A to Z unless "-" turns them round. The currency, if any, is
 * returned apart.
 */
export function parseSort(s: string): { sort: Sort; currency?: string } {
  const reverse = s.startsWith("-");
  const [key, currency] = s.replace(/^-/, "").split(".");
  const natural = key !== "name";
  return { sort: { key, desc: reverse ? !natural : natural }, currency };
}

/** sortParam writes a sort as the API's ?sort= takes it, so an export keeps the screen's order. */
export function sortParam(s: Sort, currency: string): string {
  const money = moneyKinds.includes(kindOf(s.key) as Kind);
  const natural = s.key === "name" ? !s.desc : s.desc;
  return `${natural ? "" : "-"}${s.key}${money ? `.${currency}` : ""}`;
}

/**
 * figureNumber reads a row's figure as a number in one currency, or null for no data. A money
 * map without the currency is zero of it (its source exists); a per-currency ratio without
 * it is no data.
 */
export function figureNumber(f: Figures, key: string, currency: string): number | null {
  const v = (f as unknown as Record<string, unknown>)[key];
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return v;
  const m = v as Record<string, number | null>;
  if (kindOf(key) === "money") return m[currency] ?? 0;
  return m[currency] ?? null;
}

const byName = (a: CreatorRow, b: CreatorRow): number => {
  const an = a.name.toLowerCase();
  const bn = b.name.toLowerCase();
  if (an !== bn) return an < bn ? -1 : 1;
  return a.creatorId < b.creatorId ? -1 : a.creatorId > b.creatorId ? 1 : 0;
};

/** sortRows returns the rows in the order s asks for, money figures read in currency. */
export function sortRows(rows: CreatorRow[], s: Sort, currency: string): CreatorRow[] {
  return [...rows].sort((a, b) => {
    if (s.key === "name") return s.desc ? -byName(a, b) : byName(a, b);
    const av = figureNumber(a.figures, s.key, currency);
    const bv = figureNumber(b.figures, s.key, currency);
    if (av !== null && bv === null) return -1;
    if (av === null && bv !== null) return 1;
    if (av !== null && bv !== null && av !== bv) return s.desc ? bv - av : av - bv;
    return byName(a, b);
  });
}

/** nextSort is the order after a click on a column's header: the same column turns round. */
export function nextSort(current: Sort, key: string): Sort {
  if (current.key === key) return { key, desc: !current.desc };
  return { key, desc: key !== "name" };
}
