// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { afterEach, describe, expect, test, vi } from "vitest";
import { outcomeText } from "../connections/Deliveries";
import { overrunText, reachedText } from "../report/ReportTab";
import { Disclosure } from "./Disclosure";
import { HEADLINE } from "./figures";
import { FigureTiles } from "./FigureTiles";
import { Leaderboard } from "./Leaderboard";
import { SourcesNote } from "./SourcesNote";
import type { CreatorRow, Figures } from "./types";

afterEach(cleanup);

const figures = (f: Record<string, unknown>): Figures => ({ netRevenue: null, cost: null, roas: null, cpa: null, ...f }) as unknown as Figures;
const row = (id: string, name: string, f: Record<string, unknown>): CreatorRow => ({ creatorId: id, name, stage: "live", figures: figures(f) }) as CreatorRow;

describe("headline figures", () => {
  test("a figure without a value reads no data, and zero reads 0", () => {
    render(<FigureTiles figures={figures({ views: null, orders: 0 })} specs={HEADLINE} currency="USD" label="Headline figures" />);
    const list = screen.getByLabelText("Headline figures");
    const value = (label: string) => within(list).getByText(label).closest("div")!.querySelector("dd")!.textContent;
    expect(value("Views")).toBe("no data");
    expect(value("Orders")).toBe("0");
    expect(value("Net revenue")).toBe("no data");
  });

  test("money shows one value per currency", () => {
    render(<FigureTiles figures={figures({ netRevenue: { USD: 100, EUR: 200 } })} specs={HEADLINE} currency="USD" label="Headline figures" />);
    const tile = screen.getByText("Net revenue").closest("div")!;
    expect(tile.querySelectorAll("dd")).toHaveLength(2);
  });
});

describe("leaderboard", () => {
  const rows = [row("a", "Zed", { orders: 1 }), row("b", "Bo", { orders: 5 }), row("c", "Cy", { orders: null })];
  const names = () => screen.getAllByRole("row").slice(1).map((r) => within(r).getAllByRole("button")[0].textContent);

  test("opens in the API's order, and a header button sorts and turns round", () => {
    const onSort = vi.fn();
    render(<Leaderboard rows={rows} apiSort="orders" currency="USD" onSort={onSort} onOpen={() => {}} />);
    expect(screen.getByRole("table", { name: "Creator leaderboard" })).toBeTruthy();
    expect(names()).toEqual(["Bo", "Zed", "Cy"]);
    const orders = screen.getByRole("button", { name: /^Orders/ });
    expect(orders.closest("th")!.getAttribute("aria-sort")).toBe("descending");
    fireEvent.click(orders);
    expect(names()).toEqual(["Zed", "Bo", "Cy"]);
    expect(orders.closest("th")!.getAttribute("aria-sort")).toBe("ascending");
    expect(onSort).toHaveBeenLastCalledWith({ key: "orders", desc: false });
    fireEvent.click(screen.getByRole("button", { name: /^Creator/ }));
    expect(names()).toEqual(["Bo", "Cy", "Zed"]);
    expect(orders.closest("th")!.hasAttribute("aria-sort")).toBe(false);
  });

  test("a creator's name opens their figures", () => {
    const onOpen = vi.fn();
    render(<Leaderboard rows={rows} apiSort="orders" currency="USD" onSort={() => {}} onOpen={onOpen} />);
    fireEvent.click(screen.getByRole("button", { name: "Figures of Zed" }));
    expect(onOpen).toHaveBeenCalledWith(rows[0]);
  });

  test("no creators says when they will appear", () => {
    render(<Leaderboard rows={[]} apiSort="orders" currency="USD" onSort={() => {}} onOpen={() => {}} />);
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.getByText(/Creators count here once their deal stands/)).toBeTruthy();
  });
});

describe("disclosure and sources", () => {
  test("posts missing disclosure are counted and their creators named", () => {
    const rs = [row("a", "Ana", { disclosureChecked: 3, disclosureCompliant: 1 }), row("b", "Bo", { disclosureChecked: 2, disclosureCompliant: 2 })];
    render(<Disclosure figures={figures({ disclosureChecked: 5, disclosureCompliant: 3 })} rows={rs} tags={["#ad"]} />);
    expect(screen.getByRole("alert").textContent).toContain("2 posts of 5 checked are missing the disclosure");
    const list = screen.getByRole("list", { name: "Posts missing disclosure" });
    expect(within(list).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["Ana: 2 posts without disclosure"]);
  });

  test("without post tracking, disclosure is no data, not compliant", () => {
    render(<Disclosure figures={figures({ disclosureChecked: null, disclosureCompliant: null })} rows={[]} tags={["#ad"]} />);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByText(/^No data: posts are not checked/)).toBeTruthy();
  });

  test("missing sources are named in words; none missing says nothing", () => {
    render(<SourcesNote sources={{ traffic: false, sales: false, content: true }} />);
    expect(screen.getByRole("heading", { name: "Some figures have no data yet" })).toBeTruthy();
    expect(screen.getAllByRole("listitem").map((li) => li.textContent?.split(":")[0])).toEqual(["Clicks and visitors", "Orders, revenue and commission"]);
    cleanup();
    const { container } = render(<SourcesNote sources={{ traffic: true, sales: true, content: true }} />);
    expect(container.textContent).toBe("");
    expect(screen.queryByRole("heading")).toBeNull();
  });
});

describe("words for outcomes", () => {
  test("a delivery's outcome, with why it failed", () => {
    expect(outcomeText({ outcome: "applied" })).toBe("Accepted");
    expect(outcomeText({ outcome: "already_applied" })).toBe("Duplicate, already applied");
    expect(outcomeText({ outcome: "dead_lettered", error: "order total is not a number", attempts: 5 })).toBe(
      "Failed, not retried after 5 attempts: order total is not a number",
    );
  });

  test("post-mortem answers: unknown is not no", () => {
    expect(reachedText(null)).toMatch(/^Not known/);
    expect(reachedText(false)).toBe("No, the goal was not reached");
    expect(overrunText(null, null, "USD")).toBe("no data");
    expect(overrunText(-5000, -0.1, "USD")).toMatch(/under budget/);
    expect(overrunText(5000, 0.1, "USD")).toMatch(/over budget \(10\s?%\)$/);
  });
});
