// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, test } from "vitest";
import type { Campaign } from "../../api/types";
import { json, withApp } from "../../test/app";
import { Overview } from "../campaign/Overview";
import { Deliveries } from "../connections/Deliveries";
import ReportTab from "../report/ReportTab";

afterEach(cleanup);

const campaign = {
  id: "c1",
  slug: "spring",
  name: "Spring",
  version: 3,
  objective: "sales",
  status: "active",
  startDate: "2027-03-01",
  endDate: "2027-03-31",
  budget: { amount: 500000, currency: "USD" },
  goal: { metric: "orders", target: 500, deadline: "2027-03-31" },
  destinationUrl: "https://shop.example",
  disclosureTags: ["#ad"],
  attributionWindowDays: 30,
  platforms: [],
  notes: "",
} as unknown as Campaign;

// What the API answers while every source is missing: null counts, null money maps, a known
// fixed cost.
const figures = { views: null, humanClicks: null, uniqueVisitors: null, orders: null, netRevenue: null, cost: { USD: 120000 }, roas: null, cpa: null, engagementRate: null, conversion: null, disclosureChecked: null, disclosureCompliant: null };
const goal = { metric: "orders", figure: "orders", target: 500, start: "2027-03-01", deadline: "2027-03-31", asOf: "2027-03-10", daysElapsed: 10, daysTotal: 31, actual: null, percent: null, projected: null, projectedPercent: null, status: null };
const ref = { id: "c1", slug: "spring", name: "Spring", currency: "USD", objective: "sales", status: "active", startDate: "2027-03-01", endDate: "2027-03-31", budget: campaign.budget };
const dashboard = {
  campaign: ref,
  range: { from: "2027-03-01", to: "2027-03-31" },
  today: "2027-03-10",
  sources: { traffic: false, sales: false, content: false },
  figures,
  goal,
  series: [{ day: "2027-03-01", clicks: null, humanClicks: null, uniqueVisitors: null, orders: null, netRevenue: null, views: null }],
  leaderboard: { sort: "orders", rows: [{ creatorId: "k1", name: "Kai", stage: "contracted", figures }] },
};

describe("overview without sources", () => {
  test("every measured figure reads no data, and the missing sources are named", async () => {
    const seen: string[] = [];
    withApp(async (r) => {
      seen.push(new URL(r.url).pathname + new URL(r.url).search);
      if (r.url.includes("/comparison")) return json(200, { objective: "sales", campaigns: [{ campaign: ref, range: dashboard.range, sources: dashboard.sources, goal, figures }], benchmark: null });
      return json(200, dashboard);
    })(<Overview campaign={campaign} onChange={() => undefined} />);
    await screen.findByRole("heading", { name: "Goal progress" });
    expect(screen.getByRole("heading", { name: "Some figures have no data yet" })).toBeTruthy();
    const tiles = screen.getByLabelText("Headline figures");
    const value = (label: string) => within(tiles).getByText(label).closest("div")!.querySelector("dd")!.textContent;
    expect(value("Clicks")).toBe("no data");
    expect(value("Orders")).toBe("no data");
    expect(value("Net revenue")).toBe("no data");
    expect(value("Cost")).not.toBe("no data");
    expect(screen.getByRole("table", { name: "Creator leaderboard" })).toBeTruthy();
    expect(screen.getByText(/^No data: posts are not checked/)).toBeTruthy();
    await screen.findByText(/No earlier campaign with the same objective/);
    expect(seen[0]).toBe("/api/workspaces/w1/campaigns/c1/results");
  });

  test("a period asks the API for its days", async () => {
    const seen: string[] = [];
    withApp(async (r) => {
      seen.push(new URL(r.url).search);
      return json(200, r.url.includes("/comparison") ? { objective: "sales", campaigns: [], benchmark: null } : dashboard);
    })(<Overview campaign={campaign} onChange={() => undefined} />);
    await screen.findByRole("heading", { name: "Goal progress" });
    await waitFor(() => expect((screen.getByLabelText("From") as HTMLInputElement).value).toBe("2027-03-01"));
    fireEvent.input(screen.getByLabelText("To"), { target: { value: "2027-03-07" } });
    fireEvent.click(screen.getByRole("button", { name: "Show period" }));
    await waitFor(() => expect(seen).toContain("?from=2027-03-01&to=2027-03-07"));
  });
});

describe("post-mortem", () => {
  const pm = {
    campaign: ref,
    range: dashboard.range,
    today: "2027-04-10",
    sources: dashboard.sources,
    goal,
    goalReached: null,
    figures,
    budget: { budget: campaign.budget, cost: 120000, overrun: -380000, overrunPercent: -0.76, otherCurrencies: {} },
    conversion: { creators: 0, min: null, median: null, max: null, mean: null, stdDev: null },
    daysToFirstPost: { creators: 1, mean: 4, max: 4 },
    revisions: 2,
    creators: [{ creatorId: "k1", name: "Kai", stage: "live", uniqueVisitors: null, orders: null, conversion: null, agreed: { USD: 120000 }, cost: { USD: 120000 }, overAgreed: { USD: 0 }, daysToFirstPost: 4, revisions: 2 }],
    benchmark: null,
    notes: "",
  };

  test("unknown answers read as unknown, and notes save with the campaign's version", async () => {
    let patch: Request | undefined;
    let body: unknown;
    withApp(async (r) => {
      if (r.method === "PATCH") {
        patch = r;
        body = await r.json();
        return json(200, { ...campaign, version: 4, notes: "Kai delivered early." });
      }
      return json(200, pm);
    })(<ReportTab campaign={campaign} onChange={() => undefined} />);
    await screen.findByRole("heading", { name: "Post-mortem" });
    expect(screen.getByText("Not known: the goal's figure has no data")).toBeTruthy();
    expect(screen.getByText(/^No data: no creator has a conversion rate yet/)).toBeTruthy();
    expect(screen.getByText(/under budget/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Printable report" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Creators CSV" })).toBeTruthy();
    fireEvent.input(screen.getByLabelText("Marketer's notes"), { target: { value: "Kai delivered early." } });
    fireEvent.click(screen.getByRole("button", { name: "Save notes" }));
    await screen.findByText("Notes saved.");
    expect(patch!.headers.get("If-Match")).toBe('"3"');
    expect(body).toEqual({ notes: "Kai delivered early." });
  });
});

describe("webhook deliveries", () => {
  test("none received says how to send a test", async () => {
    withApp(async () => json(200, { items: [], duplicates: 0, rejected: 0, rejections: [], reconciliation: { enabled: false, lastChecked: 0, lastRecovered: 0, recovered: 0 } }))(
      <Deliveries connectionId="k1" platformId="shopify" />,
    );
    await screen.findByRole("heading", { name: "No webhook received yet" });
    expect(screen.getByText(/Send test/)).toBeTruthy();
  });

  test("each delivery shows its time, event, order and outcome; rejections their reason", async () => {
    withApp(async () =>
      json(200, {
        items: [{ key: "e1", topic: "orders/create", orderId: "1001", receivedAt: "2027-03-02T10:00:00Z", outcome: "applied", summary: "credited to Kai" }],
        duplicates: 2,
        rejected: 1,
        rejections: [{ at: "2027-03-02T09:00:00Z", status: 401, reason: "signature does not verify", topic: "orders/create" }],
        reconciliation: { enabled: false, lastChecked: 0, lastRecovered: 0, recovered: 0 },
      }),
    )(<Deliveries connectionId="k1" platformId="shopify" />);
    const table = await screen.findByRole("table", { name: "Recent deliveries" });
    const cells = within(table).getAllByRole("row")[1].textContent!;
    expect(cells).toContain("orders/create");
    expect(cells).toContain("1001");
    expect(cells).toContain("Accepted");
    expect(screen.getByText(/2 duplicates ignored/)).toBeTruthy();
    expect(within(screen.getByRole("list", { name: "Rejected deliveries" })).getByRole("listitem").textContent).toContain("signature does not verify");
  });
});
