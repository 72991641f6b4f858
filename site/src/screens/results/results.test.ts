import { describe, expect, test } from "vitest";
import { fmtMoney } from "../../format";
import { amountsText, countText, figureText, HEADLINE, NO_DATA, ratioText, realsText, timesText } from "./figures";
import { figureNumber, nextSort, parseSort, sortParam, sortRows } from "./leaderboard";
import { countChart, dayTime, hasValues, revenueChart } from "./series";
import type { CreatorRow, Figures, SeriesDay } from "./types";

// Expected money in the test machine's locale: what matters is which amounts, in which order.
const $ = (amount: number, currency = "USD") => fmtMoney({ amount, currency });

// Figures as the API answers with every source missing: null counts, null money maps.
const none = (): Figures =>
  ({
    views: null,
    humanClicks: null,
    uniqueVisitors: null,
    orders: null,
    engagementRate: null,
    conversion: null,
    netRevenue: null,
    cost: { USD: 150000 },
    roas: null,
    cpa: null,
  }) as unknown as Figures;

const row = (id: string, name: string, f: Partial<Record<string, unknown>>): CreatorRow =>
  ({ creatorId: id, name, stage: "live", figures: { ...none(), ...f } }) as CreatorRow;

describe("figures", () => {
  test("null reads as no data, zero as zero", () => {
    expect(countText(null)).toBe(NO_DATA);
    expect(countText(undefined)).toBe(NO_DATA);
    expect(countText(0)).toBe("0");
    expect(ratioText(null)).toBe(NO_DATA);
    expect(ratioText(0)).toMatch(/^0\s?%$/);
    expect(timesText(null)).toBe(NO_DATA);
  });

  test("money is listed per currency, the campaign's first, never added", () => {
    expect(amountsText({ EUR: 9000, USD: 37500 }, "USD")).toEqual([$(37500), $(9000, "EUR")]);
    // A null map is no data; a map without the campaign's currency has zero of it.
    expect(amountsText(null, "USD")).toEqual([NO_DATA]);
    expect(amountsText({ EUR: 100 }, "USD")).toEqual([$(0), $(100, "EUR")]);
    expect(amountsText({}, "JPY")).toEqual([$(0, "JPY")]);
  });

  test("per-currency ratios keep a missing currency as no data and name currencies when several", () => {
    expect(realsText({ USD: 27075.4 }, "USD", "money")).toEqual([$(27075.4)]);
    expect($(27075.4)).toContain("270");
    expect(realsText({ USD: null }, "USD", "money")).toEqual([NO_DATA]);
    expect(realsText({ USD: 2.5, EUR: null }, "USD", "times")).toEqual([`${timesText(2.5)} (USD)`, "no data (EUR)"]);
    expect(timesText(2.5)).toMatch(/^2.5×$/);
    expect(realsText(null, "USD", "times")).toEqual([NO_DATA]);
  });

  test("every headline figure of a campaign without sources reads no data, except a known cost", () => {
    const f = none();
    const texts = Object.fromEntries(HEADLINE.map((s) => [s.label, figureText(f, s, "USD")]));
    expect(texts["Clicks"]).toEqual([NO_DATA]);
    expect(texts["Orders"]).toEqual([NO_DATA]);
    expect(texts["Net revenue"]).toEqual([NO_DATA]);
    expect(texts["ROAS"]).toEqual([NO_DATA]);
    expect(texts["Cost"]).toEqual([$(150000)]);
  });
});

describe("leaderboard order", () => {
  const rows = [
    row("c3", "cleo", { orders: 4, netRevenue: { USD: 100 } }),
    row("c1", "Ana", { orders: null, netRevenue: null }),
    row("c2", "Bo", { orders: 9, netRevenue: { EUR: 5000 } }),
    row("c4", "ana", { orders: 4, netRevenue: { USD: 100 } }),
  ];
  const ids = (rs: CreatorRow[]) => rs.map((r) => r.creatorId);

  test("highest first, no data last, ties by name then id", () => {
    expect(ids(sortRows(rows, { key: "orders", desc: true }, "USD"))).toEqual(["c2", "c4", "c3", "c1"]);
  });

  test("turned round, no data stays last", () => {
    expect(ids(sortRows(rows, { key: "orders", desc: false }, "USD"))).toEqual(["c4", "c3", "c2", "c1"]);
  });

  test("money sorts in one currency; a map without it is zero of it", () => {
    expect(figureNumber(rows[2].figures, "netRevenue", "USD")).toBe(0);
    expect(figureNumber(rows[1].figures, "netRevenue", "USD")).toBeNull();
    expect(ids(sortRows(rows, { key: "netRevenue", desc: true }, "USD"))).toEqual(["c4", "c3", "c2", "c1"]);
    expect(ids(sortRows(rows, { key: "netRevenue", desc: true }, "EUR"))).toEqual(["c2", "c4", "c3", "c1"]);
  });

  test("names sort A to Z without case, then by id", () => {
    expect(ids(sortRows(rows, { key: "name", desc: false }, "USD"))).toEqual(["c1", "c4", "c2", "c3"]);
    expect(ids(sortRows(rows, { key: "name", desc: true }, "USD"))).toEqual(["c3", "c2", "c4", "c1"]);
  });

  test("the API's sort string reads and writes back the same", () => {
    expect(parseSort("orders")).toEqual({ sort: { key: "orders", desc: true }, currency: undefined });
    expect(parseSort("-cpa.EUR")).toEqual({ sort: { key: "cpa", desc: false }, currency: "EUR" });
    expect(parseSort("name").sort).toEqual({ key: "name", desc: false });
    expect(sortParam({ key: "cpa", desc: false }, "EUR")).toBe("-cpa.EUR");
    expect(sortParam({ key: "orders", desc: true }, "USD")).toBe("orders");
    expect(sortParam({ key: "name", desc: true }, "USD")).toBe("-name");
  });

  test("a second press on a header turns the order round; a new column starts highest first", () => {
    expect(nextSort({ key: "orders", desc: true }, "orders")).toEqual({ key: "orders", desc: false });
    expect(nextSort({ key: "orders", desc: false }, "views")).toEqual({ key: "views", desc: true });
    expect(nextSort({ key: "orders", desc: true }, "name")).toEqual({ key: "name", desc: false });
  });
});

describe("series from day buckets", () => {
  const days = [
    { day: "2027-03-01", clicks: 12, humanClicks: 10, orders: 2, netRevenue: { USD: 4550, EUR: 1000 }, views: null },
    { day: "2027-03-02", clicks: 0, humanClicks: 0, orders: 0, netRevenue: { USD: 0 }, views: null },
    // After today: no data, not zero.
    { day: "2027-03-03", clicks: null, humanClicks: null, orders: null, netRevenue: null, views: null },
  ] as SeriesDay[];

  test("days are local midnights, in order", () => {
    const t = countChart(days, [["orders", "Orders"]]).times;
    expect(t).toEqual([dayTime("2027-03-01"), dayTime("2027-03-02"), dayTime("2027-03-03")]);
    expect(t[1] - t[0]).toBe(86400);
    expect(new Date(t[0] * 1000).getHours()).toBe(0);
  });

  test("counts keep zero as zero and null as a gap", () => {
    const c = countChart(days, [["humanClicks", "Human clicks"], ["clicks", "All clicks"]]);
    expect(c.series).toEqual([
      { label: "Human clicks", values: [10, 0, null] },
      { label: "All clicks", values: [12, 0, null] },
    ]);
    expect(hasValues(c)).toBe(true);
    expect(hasValues(countChart(days, [["views", "Views"]]))).toBe(false);
  });

  test("revenue is one line per currency in major units, the campaign's first", () => {
    const c = revenueChart(days, "USD");
    expect(c.series).toEqual([
      { label: "Net revenue (USD)", values: [45.5, 0, null] },
      { label: "Net revenue (EUR)", values: [10, 0, null] },
    ]);
    expect(revenueChart([], "JPY").series).toEqual([{ label: "Net revenue (JPY)", values: [] }]);
  });
});
