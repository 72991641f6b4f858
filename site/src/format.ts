// Numbers, money and dates as marketers read them, in the browser's locale.

import type { Money } from "./api/types";

const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat();

export const fmtCompact = (n: number): string => compact.format(n);
export const fmtNumber = (n: number): string => whole.format(n);

export function fmtPercent(share: number, digits = 0): string {
  return new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: digits }).format(share);
}

/** minorDigits is how many decimals a currency has (2 for USD, 0 for JPY). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** fmtMoney shows an amount kept in minor units (cents) in its currency. */
export function fmtMoney(m: Money): string {
  const major = m.amount / 10 ** minorDigits(m.currency);
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: m.currency }).format(major);
  } catch {
    return `${major} ${m.currency}`;
  }
}

/** toMinor reads a typed amount ("1,250.50" or "1250") into minor units; NaN if unreadable. */
export function toMinor(text: string, currency: string): number {
  const cleaned = text.replace(/[\s,]/g, "");
  if (cleaned === "") return 0;
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return NaN;
  return Math.round(Number(cleaned) * 10 ** minorDigits(currency));
}

/** fromMinor writes minor units as the plain number a form field shows. */
export function fromMinor(amount: number, currency: string): string {
  const d = minorDigits(currency);
  return (amount / 10 ** d).toFixed(d).replace(/\.0+$/, "");
}

export function fmtDate(iso: string): string {
  if (!iso) return "";
  // ISO dates (2027-03-31) are calendar days: format them without a time-zone shift.
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00`) : new Date(iso);
  return d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

const proper: Record<string, string> = { tiktok: "TikTok", youtube: "YouTube", ios: "iOS", woocommerce: "WooCommerce" };

/** label turns an API word ("content_review") into words ("Content review"). */
export function label(word: string): string {
  if (proper[word]) return proper[word];
  const s = word.replace(/_/g, " ");
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
