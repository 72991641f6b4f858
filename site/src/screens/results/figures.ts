// How the results screens write the API's figures. Every value is the API's own; these
// functions only format it, and write null (no data) as "no data", never as 0.

import { fmtMoney, fmtNumber, fmtPercent } from "../../format";
import type { Amounts, Figures, Reals } from "./types";

/** NO_DATA is what a figure without a value reads as. */
export const NO_DATA = "no data";

type Maybe = number | null | undefined;

/** countText writes a count, or "no data". */
export function countText(v: Maybe): string {
  return v === null || v === undefined ? NO_DATA : fmtNumber(v);
}

/** ratioText writes a ratio (0.052) as a percentage (5.2 %), or "no data". */
export function ratioText(v: Maybe, digits = 1): string {
  return v === null || v === undefined ? NO_DATA : fmtPercent(v, digits);
}

/** decimalText writes an average or a score with up to one decimal, or "no data". */
export function decimalText(v: Maybe): string {
  return v === null || v === undefined ? NO_DATA : new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(v);
}

/** timesText writes a return such as ROAS as a multiple (2.35×), or "no data". */
export function timesText(v: Maybe): string {
  return v === null || v === undefined ? NO_DATA : `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(v)}×`;
}

/** moneyText writes an amount in (possibly fractional) minor units of its currency, or "no data". */
export function moneyText(amount: Maybe, currency: string): string {
  return amount === null || amount === undefined ? NO_DATA : fmtMoney({ amount, currency });
}

/** currenciesOf lists a money map's currencies, the campaign's first, then A to Z. */
export function currenciesOf(m: Amounts | Reals, base: string): string[] {
  const others = Object.keys(m ?? {})
    .filter((c) => c !== base)
    .sort();
  return [base, ...others];
}

/**
 * amountsText writes money per currency, one entry per currency, never added together.
 * A null map is "no data"; with a map, a currency it lacks is zero of it (the campaign's
 * currency is always listed).
 */
export function amountsText(m: Amounts, base: string): string[] {
  if (!m) return [NO_DATA];
  return currenciesOf(m, base).map((c) => moneyText(m[c] ?? 0, c));
}

/**
 * realsText writes a money-based figure per currency: "money" for CPA-like figures
 * (fractional minor units), "times" for ROAS-like returns, "ratio" for ROI. A missing entry
 * is "no data" for that currency; a null map is "no data" as a whole.
 */
export function realsText(m: Reals, base: string, kind: "money" | "times" | "ratio"): string[] {
  if (!m) return [NO_DATA];
  const cs = currenciesOf(m, base);
  // With several currencies each value says which it is; money does so by its symbol.
  const named = (text: string, c: string) => (cs.length > 1 ? `${text} (${c})` : text);
  return cs.map((c) => {
    const v = m[c];
    if (kind === "money") return v === null || v === undefined ? named(NO_DATA, c) : moneyText(v, c);
    return named(kind === "times" ? timesText(v) : ratioText(v), c);
  });
}

/** amountIn reads one currency of a money map: null when the map is no data, else 0 if absent. */
export function amountIn(m: Amounts, currency: string): number | null {
  return m ? (m[currency] ?? 0) : null;
}

/** Kind says how a figure is read and written. */
export type Kind = "count" | "ratio" | "decimal" | "money" | "moneyPer" | "times" | "ratioPer";

/** FigureSpec is one figure a screen shows: its key in Figures, label and kind. */
export interface FigureSpec {
  key: keyof Figures;
  label: string;
  kind: Kind;
  /** hint says more than the label, such as "bots excluded". */
  hint?: string;
}

/** figureText writes one figure: one line per currency for money, "no data" without a value. */
export function figureText(f: Figures, spec: FigureSpec, currency: string): string[] {
  const v = f[spec.key] as never;
  switch (spec.kind) {
    case "count":
      return [countText(v)];
    case "ratio":
      return [ratioText(v)];
    case "decimal":
      return [decimalText(v)];
    case "money":
      return amountsText(v, currency);
    case "moneyPer":
      return realsText(v, currency, "money");
    case "times":
      return realsText(v, currency, "times");
    case "ratioPer":
      return realsText(v, currency, "ratio");
  }
}

/** HEADLINE are the figures a campaign's results lead with, labelled as GET /api/figures does. */
export const HEADLINE: FigureSpec[] = [
  { key: "views", label: "Views", kind: "count" },
  { key: "humanClicks", label: "Clicks", kind: "count", hint: "human clicks, bots excluded" },
  { key: "uniqueVisitors", label: "Unique visitors", kind: "count" },
  { key: "orders", label: "Orders", kind: "count" },
  { key: "netRevenue", label: "Net revenue", kind: "money" },
  { key: "cost", label: "Cost", kind: "money" },
  { key: "roas", label: "ROAS", kind: "times", hint: "net revenue ÷ cost" },
  { key: "cpa", label: "CPA", kind: "moneyPer", hint: "cost per order" },
  { key: "engagementRate", label: "Engagement rate", kind: "ratio" },
  { key: "conversion", label: "Conversion rate", kind: "ratio", hint: "orders ÷ unique visitors" },
];

/** MORE are the other figures, shown on request. */
export const MORE: FigureSpec[] = [
  { key: "postsLive", label: "Posts live", kind: "count" },
  { key: "engagements", label: "Engagements", kind: "count" },
  { key: "likes", label: "Likes", kind: "count" },
  { key: "comments", label: "Comments", kind: "count" },
  { key: "shares", label: "Shares", kind: "count" },
  { key: "saves", label: "Saves", kind: "count" },
  { key: "followers", label: "Followers", kind: "count" },
  { key: "potentialReach", label: "Potential reach", kind: "count" },
  { key: "viewsPerPost", label: "Views per post", kind: "decimal" },
  { key: "clicks", label: "Clicks, bots included", kind: "count" },
  { key: "botClicks", label: "Bot clicks", kind: "count" },
  { key: "clickThroughPer1000Views", label: "Click-through per 1,000 views", kind: "decimal" },
  { key: "ordersByCode", label: "Orders by code", kind: "count" },
  { key: "ordersByClick", label: "Orders by click", kind: "count" },
  { key: "netRevenueByCode", label: "Net revenue by code", kind: "money" },
  { key: "netRevenueByClick", label: "Net revenue by click", kind: "money" },
  { key: "refunds", label: "Refunds", kind: "money" },
  { key: "aov", label: "Average order value", kind: "moneyPer" },
  { key: "fixedCost", label: "Fixed cost", kind: "money" },
  { key: "commission", label: "Commission", kind: "money" },
  { key: "clickPay", label: "Click pay", kind: "money" },
  { key: "cpm", label: "CPM", kind: "moneyPer" },
  { key: "cpe", label: "CPE", kind: "moneyPer" },
  { key: "cpc", label: "CPC", kind: "moneyPer" },
  { key: "roi", label: "ROI", kind: "ratioPer" },
  { key: "impactScore", label: "Impact score (actual)", kind: "decimal" },
];
