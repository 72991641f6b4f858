import { describe, expect, test } from "vitest";
import { clickChart, periodStart, shareRows, type ClicksView } from "./clicks";

const view = (hasUniques: boolean): ClicksView => ({
  from: "2027-03-01T00:00:00Z",
  to: "2027-03-03T00:00:00Z",
  timeZone: "UTC",
  totals: { clicks: 9, humanClicks: 7, botClicks: 2, visitorDays: 5 },
  breakdowns: {},
  series: {
    granularity: "day",
    hasUniques,
    points: [
      { start: "2027-03-01T00:00:00Z", clicks: 4, humanClicks: 3, botClicks: 1, uniques: 2 },
      { start: "2027-03-02T00:00:00Z", clicks: 5, humanClicks: 4, botClicks: 1, uniques: 3 },
    ],
  },
});

describe("click chart", () => {
  test("people and bots are separate lines, on the points' instants in seconds", () => {
    const c = clickChart(view(false));
    expect(c.times).toEqual([Date.UTC(2027, 2, 1) / 1000, Date.UTC(2027, 2, 2) / 1000]);
    expect(c.series).toEqual([
      { label: "Human clicks", values: [3, 4] },
      { label: "Bot clicks", values: [1, 1] },
    ]);
  });

  test("unique visitors are drawn only when the API counted them, never as zeros", () => {
    expect(clickChart(view(true)).series.map((s) => s.label)).toEqual(["Human clicks", "Bot clicks", "Unique visitors"]);
    expect(clickChart(view(true)).series[2].values).toEqual([2, 3]);
  });
});

describe("breakdown shares", () => {
  test("largest first, in words, as parts of the whole", () => {
    const rows = shareRows([
      { value: "direct", clicks: 1 },
      { value: "tiktok.com", clicks: 3 },
      { value: "none", clicks: 0 },
    ]);
    expect(rows).toEqual([
      { value: "tiktok.com", clicks: 3, share: 0.75 },
      { value: "Direct (no referrer)", clicks: 1, share: 0.25 },
    ]);
  });

  test("past the limit the rest is one Other row, so shares still add up to the whole", () => {
    const rows = shareRows(
      ["DE", "US", "FR", "IT"].map((value, i) => ({ value, clicks: 4 - i })),
      2,
    );
    expect(rows.map((r) => [r.value, r.clicks])).toEqual([["DE", 4], ["US", 3], ["Other", 3]]);
    expect(rows.reduce((n, r) => n + r.share, 0)).toBeCloseTo(1);
  });

  test("a creator's id is named by the caller", () => {
    expect(shareRows([{ value: "cr1", clicks: 2 }], 8, (id) => (id === "cr1" ? "Lena Trails" : id))[0].value).toBe("Lena Trails");
  });

  test("no clicks, no rows", () => {
    expect(shareRows(undefined)).toEqual([]);
    expect(shareRows([{ value: "DE", clicks: 0 }])).toEqual([]);
  });
});

describe("period start", () => {
  test("the last 7 days include today, counted on the zone's calendar", () => {
    // 23:30 UTC on 10 March is already 11 March in Berlin.
    const now = new Date("2027-03-10T23:30:00Z");
    expect(periodStart(7, "UTC", now)).toBe("2027-03-04");
    expect(periodStart(7, "Europe/Berlin", now)).toBe("2027-03-05");
  });

  test("a daylight-saving change does not shift the first day", () => {
    // Berlin moves its clocks on 28 March 2027; 30 days back from just after midnight on 29 March.
    expect(periodStart(30, "Europe/Berlin", new Date("2027-03-28T22:30:00Z"))).toBe("2027-02-28");
  });
});
