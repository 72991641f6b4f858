// A marketer's first day in Hypetrack, in a real browser against the real local stack:
// sign up through the local issuer, create a workspace, plan a campaign around a goal,
// import creators, add one to the campaign and move it through the pipeline, connect a
// Shopify shop, give the creator a code and a tracking link, follow the link, post a
// signed Shopify order with the code, and see the delivery accepted and the click, the
// order and its revenue in the campaign's results. Every step asserts what is on the
// screen and saves a screenshot of it in e2e/screenshots/.
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from "vitest";
import { openBrowser, shot } from "./browser";

const events = new URL("../../events/api/", import.meta.url).pathname;
const shopifyOrder = new URL("../../events/shopify/orders-create.json", import.meta.url).pathname;
const base = inject("baseURL");
const email = "lena@trail.example";
const password = "trail-password-1";
const shop = "trail-co.myshopify.com";
const signingKey = "shpss_0123456789abcdef";
// A desktop browser's User-Agent: the redirect counts a human click for it (headless
// Chromium's own says HeadlessChrome, which the redirect rightly counts as a bot).
const humanAgent =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/** isoDay is the UTC date `days` after today, as the date fields take it (YYYY-MM-DD). */
function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
// The campaign runs from yesterday to three months ahead, so today's click and order count.
const startDate = isoDay(-1);
const endDate = isoDay(90);

// What the steps learn on the way and later steps use.
let creatorName = "";
let webhookUrl = "";
let shortLink = "";
let clickId = "";

let page: Page;
let close: () => Promise<void>;

/** see waits until the locator is visible; failing, the test names what it looked for. */
async function see(l: Locator): Promise<Locator> {
  await l.first().waitFor({ state: "visible" });
  return l.first();
}

/**
 * eventually runs `look` (which refreshes the screen and reads it) once a second until
 * `ok` holds, for at most `seconds`: the stream consumers apply clicks and orders a few
 * seconds after they happen. Failing, it says what it saw last.
 */
async function eventually<T>(what: string, look: () => Promise<T>, ok: (v: T) => boolean, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const v = await look();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what} not on screen within ${seconds} s; last seen: ${JSON.stringify(v)}`);
    await page.waitForTimeout(1000);
  }
}

/**
 * figure reads a figure of a description list, by default the overview's headline figures:
 * the <dd> after the <dt> that starts with `term` (some terms carry a hint line after it).
 */
async function figure(term: string, list: Locator = page.getByLabel("Headline figures")): Promise<string> {
  const dt = list.locator("dt", { hasText: new RegExp(`^${term}`) });
  return (await (await see(dt.locator("xpath=following-sibling::dd[1]"))).textContent())!;
}

/** money formats an amount in major units as the UI does, in the browser's own locale. */
function money(amount: number, currency: string): Promise<string> {
  return page.evaluate(
    ([a, c]) => new Intl.NumberFormat(undefined, { style: "currency", currency: c }).format(a),
    [amount, currency] as [number, string],
  );
}

beforeAll(async () => {
  ({ page, close } = await openBrowser());
  // Any error the page logs is a failure of the UI, whatever the step.
  page.on("pageerror", (err) => {
    throw err;
  });
});

// The steps build on each other: after a failure, the rest fail at once instead of
// waiting out their timeouts, and the screen as it was is saved for the reader.
let broken = "";
beforeEach(({ task, onTestFailed }) => {
  if (broken) throw new Error(`not run: the step "${broken}" failed before it`);
  onTestFailed(async () => {
    broken = task.name;
    await shot(page, "failed");
  });
});

afterAll(async () => {
  await close?.();
});

describe("a marketer's first campaign", () => {
  test("the front door offers sign-in and sign-up", async () => {
    await page.goto(base);
    await see(page.getByRole("heading", { name: "Influencer campaigns you can measure" }));
    await see(page.getByRole("button", { name: "Sign in" }));
    await shot(page, "01-front-door");
  });

  test("signs up through the local issuer and comes back signed in", async () => {
    await page.getByRole("button", { name: "Create an account" }).click();
    await see(page.getByRole("heading", { name: "Create the first account" }));
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByLabel("Repeat the password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await see(page.getByRole("heading", { name: "Create your first workspace" }));
    expect(new URL(page.url()).pathname).toBe("/");
    await shot(page, "02-first-workspace");
  });

  test("creates the first workspace", async () => {
    await page.getByLabel("Brand or agency name").fill("Trail Co");
    await page.getByLabel("Currency").fill("USD");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await see(page.getByRole("heading", { name: "No campaigns yet" }));
    expect(await page.getByLabel("Workspace").inputValue()).not.toBe("");
    expect(await page.locator("#workspace-switcher option:checked").textContent()).toContain("Trail Co (Owner)");
  });

  test("the wizard insists on a goal, and the API's errors appear beside their fields", async () => {
    await page.getByRole("link", { name: "Create the first campaign" }).click();
    await see(page.getByRole("heading", { name: "New campaign" }));
    await page.getByRole("button", { name: "Next" }).click();
    await see(page.getByText("Must be a number above 0: a goal needs a number to reach"));
    await see(page.getByText("Is required: a goal needs a date to reach it by"));
    expect(await page.getByLabel("Target").getAttribute("aria-invalid")).toBe("true");
    await shot(page, "03-wizard-goal-required");

    await page.getByLabel("Campaign name").fill("Spring trail shoes");
    await page.getByLabel("Goal metric").selectOption("orders");
    await page.getByLabel("Target").fill("500");
    await page.getByLabel("Deadline").fill(endDate);
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel("Budget", { exact: true }).fill("5000");
    await page.getByLabel("Start date").fill(startDate);
    await page.getByLabel("End date").fill(endDate);
    await page.getByRole("button", { name: "Next" }).click();
    // A landing page the API refuses: its words come back next to the field.
    await page.getByLabel("Destination URL").fill("ftp://shop.example.com/spring");
    await page.getByLabel("Disclosure tags").fill("#ad #sponsored");
    await page.getByRole("button", { name: "Next" }).click();
    await see(page.getByRole("heading", { name: "Check and create" }));
    await see(page.getByText("500 orders by"));
    await page.getByRole("button", { name: "Create campaign" }).click();
    await see(page.getByText("Must be an absolute http or https URL without credentials"));
    expect(await page.getByLabel("Destination URL").getAttribute("aria-invalid")).toBe("true");
    await shot(page, "04-wizard-api-error");

    await page.getByLabel("Destination URL").fill("https://shop.example.com/spring");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Create campaign" }).click();
    await see(page.getByRole("heading", { name: /Spring trail shoes/ }));
    await see(page.getByRole("heading", { name: "The plan" }));
    await see(page.getByText("#ad #sponsored"));
    await see(page.getByRole("heading", { name: "Goal progress" }));
    await see(page.getByRole("heading", { name: "Results" }));
    await see(page.getByLabel("Headline figures"));
    await shot(page, "05-campaign-overview");
  });

  test("the campaigns list shows the goal and the progress to it, none so far", async () => {
    await page.getByRole("link", { name: "Campaigns", exact: true }).first().click();
    const card = await see(page.getByRole("listitem").filter({ hasText: "Spring trail shoes" }));
    expect(await card.textContent()).toContain("500 orders by");
    expect(await card.textContent()).toContain("Draft");
    // The results count orders from the first day: none yet, so the meter stands at 0 %.
    const meter = await see(card.getByRole("meter", { name: "Progress to goal" }));
    expect(await meter.getAttribute("aria-valuenow")).toBe("0");
    expect(await card.textContent()).toContain("$5,000.00");
    await shot(page, "06-campaigns");
  });

  test("imports the roster from CSV with a progress bar and a per-row report", async () => {
    await page.getByRole("link", { name: "Creators" }).click();
    await see(page.getByRole("heading", { name: "Your roster is empty" }));
    await page.getByRole("button", { name: "Import CSV" }).first().click();
    await page.getByLabel("CSV file").setInputFiles(join(events, "creators-import.csv"));
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await see(page.getByRole("heading", { name: "Imported 100 of 100 rows" }));
    expect(await page.locator("#import-bar").getAttribute("value")).toBe("100");
    await page.getByRole("button", { name: "Done" }).click();
    await see(page.getByText("100 creators match"));

    // A file with mistakes: each rejected row is listed with its reason, numbered as in the file.
    await page.getByRole("button", { name: "Import CSV" }).click();
    await page.getByLabel("CSV file").setInputFiles(join(events, "creators-import-errors.csv"));
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await see(page.getByRole("heading", { name: "Imported 1 of 5 rows" }));
    const report = page.getByRole("dialog").getByRole("table");
    for (const row of ["3", "4", "5", "6"]) {
      await see(report.getByRole("row").filter({ has: page.getByRole("cell", { name: row, exact: true }) }));
    }
    await see(report.getByText("is already in the roster"));
    await shot(page, "07-import-report");
    await page.getByRole("button", { name: "Done" }).click();
    await see(page.getByText("101 creators match"));
  });

  test("filters the roster and bookmarks a creator in a favourites list", async () => {
    await page.getByText("Filters").click();
    await page.getByLabel("Micro").check();
    await page.getByLabel("Engagement from (%)").fill("5");
    await page.getByRole("button", { name: "Search" }).click();
    // The unfiltered count stays on screen until the filtered answer replaces it.
    const summary = await see(page.getByText(/^(?!101 )\d+ creators? match/));
    const matched = Number((await summary.textContent())!.match(/\d+/)![0]);
    expect(matched).toBeGreaterThan(0);
    expect(matched).toBeLessThan(101);
    const tiers = await page.locator("tbody td[data-label=Tier]").allTextContents();
    expect(new Set(tiers)).toEqual(new Set(["Micro"]));

    const first = page.locator("tbody tr").first();
    const name = (await first.locator(".who").textContent())!;
    await first.getByRole("checkbox").check();
    await page.getByLabel("List name").fill("Spring picks");
    await page.getByRole("button", { name: "Add to list" }).click();
    await see(page.locator("tbody tr").filter({ hasText: name }).getByText("★ Spring picks"));
    await shot(page, "08-roster");

    // An out-of-range filter: the API's words appear beside it.
    await page.getByLabel("Engagement from (%)").fill("250");
    await page.getByRole("button", { name: "Search" }).click();
    await see(page.getByText("Must be a share between 0 and 1"));
    await page.getByRole("button", { name: "Clear" }).click();
    await see(page.getByText("101 creators match"));
  });

  test("describes the persona and adds the best-matching creator to the pipeline", async () => {
    await page.getByRole("link", { name: "Campaigns", exact: true }).first().click();
    await page.getByRole("link", { name: "Spring trail shoes" }).click();
    await page.getByRole("link", { name: "Persona and match" }).click();
    await page.getByLabel("Countries").fill("US, CA");
    await page.getByLabel("Women").check();
    await page.getByLabel("25-34").check();
    await page.getByRole("button", { name: "Save persona" }).click();
    await see(page.getByRole("heading", { name: "Creators ranked by audience match" }));
    await see(page.getByText("Saved. The ranking below uses it."));
    const best = page.locator(".ranked__item").first();
    await see(best.getByRole("meter", { name: "Audience match" }));
    await shot(page, "09-persona-match");
    const name = (await best.locator("strong").textContent())!;
    creatorName = name;
    await best.getByRole("button", { name: `Add ${name} to the pipeline` }).click();
    await see(best.getByRole("button", { name: `${name} is in the pipeline` }));

    await page.getByRole("link", { name: "Pipeline" }).click();
    const shortlisted = page.getByRole("region", { name: /^Shortlisted/ });
    await see(shortlisted.getByRole("button", { name }));
  });

  test("moves the creator through the pipeline by drag, menu and keyboard", async () => {
    const card = page.locator(".pcard").first();
    const name = (await card.locator(".pcard__name").textContent())!;
    const column = (stage: string) => page.getByRole("region", { name: new RegExp(`^${stage}`) });

    await card.dragTo(column("Vetted"));
    await see(column("Vetted").getByRole("button", { name }));
    await see(page.getByText(`${name} moved to Vetted.`));

    await page.getByLabel(`Stage of ${name}`).selectOption("contacted");
    await see(column("Contacted").getByRole("button", { name }));
    // The board shows a move at once and saves it after: the next move waits for the save,
    // whose new version it must send.
    await see(page.getByText(`${name} moved to Contacted.`));

    await page.locator(".pcard").first().focus();
    await page.keyboard.press("Alt+ArrowRight");
    await see(column("Negotiating").getByRole("button", { name }));
    await see(page.getByText(`${name} moved to Negotiating.`));

    // The moves were saved: a reload shows the card where it was left.
    await page.reload();
    await see(column("Negotiating").getByRole("button", { name }));
  });

  test("sets the deal on the card", async () => {
    const name = (await page.locator(".pcard__name").first().textContent())!;
    await page.getByRole("button", { name }).click();
    const dialog = await see(page.getByRole("dialog", { name }));
    await dialog.getByLabel("Compensation").selectOption("flat_fee");
    await dialog.getByLabel("Agreed cost (USD)").fill("450");
    await dialog.getByLabel("Notes").fill("Two videos and a story; ships in March.");
    await dialog.getByRole("button", { name: "Save deal" }).click();
    await see(dialog.getByText("Saved."));
    await see(dialog.getByText("Connect a shop"));
    await see(dialog.getByText("Negotiating", { exact: false }));
    await shot(page, "10-pipeline-card");
    await dialog.getByRole("button", { name: "Close" }).click();
    const card = page.locator(".pcard").first();
    expect(await card.textContent()).toContain("$450.00");
    expect(await card.textContent()).toContain("Flat fee");
    expect(await card.textContent()).toContain("Two videos and a story");
    await shot(page, "11-pipeline");
  });

  test("connects a Shopify shop and shows where its webhook goes", async () => {
    await page.getByRole("link", { name: "Connections" }).click();
    await see(page.getByRole("heading", { name: "No shop connected yet" }));
    await page.getByRole("button", { name: "Add a connection" }).first().click();
    await page.getByLabel("Name").fill("US store");
    await page.getByLabel("Shop domain").fill("trail-co.com");
    await page.getByLabel("Webhook signing key").fill(signingKey);
    await page.getByRole("button", { name: "Save connection" }).click();
    await see(page.getByText("Must be the shop's myshopify.com domain"));
    await shot(page, "12-connection-error");

    await page.getByLabel("Shop domain").fill(shop);
    await page.getByRole("button", { name: "Save connection" }).click();
    await see(page.getByRole("heading", { name: /US store/ }));
    webhookUrl = await page.getByLabel("Webhook URL").inputValue();
    expect(webhookUrl).toMatch(new RegExp(`^${base}/webhooks/shopify/[0-9a-z-]+$`, "i"));
    await see(page.getByText("Order creation, Order payment, Order update"));
    await see(page.getByRole("heading", { name: "Webhook deliveries" }));
    await see(page.getByRole("heading", { name: "No webhook received yet" }));
    await shot(page, "13-connection");
  });

  test("gives the creator a coupon code on the shop", async () => {
    await page.getByRole("link", { name: "Campaigns", exact: true }).first().click();
    await page.getByRole("link", { name: "Spring trail shoes" }).click();
    await page.getByRole("link", { name: "Pipeline" }).click();
    const name = (await (await see(page.locator(".pcard__name"))).textContent())!;
    await page.getByRole("button", { name }).click();
    const dialog = await see(page.getByRole("dialog", { name }));
    await dialog.getByLabel("New code").fill("trail15");
    await dialog.getByRole("button", { name: "Assign code" }).click();
    await see(dialog.getByText("TRAIL15"));
    await see(dialog.getByText("on US store"));
    await dialog.getByRole("button", { name: "Close" }).click();
    await see(page.locator(".pcard .chip", { hasText: "TRAIL15" }));
  });

  test("creates a tracking link for the creator on the Links and codes tab, with its QR code", async () => {
    const name = (await page.locator(".pcard__name").first().textContent())!;
    await page.getByRole("link", { name: "Links and codes", exact: true }).click();
    await see(page.getByRole("heading", { name: "Clicks per day" }));
    const creator = await see(page.getByRole("region", { name, exact: true }));
    await see(creator.getByRole("heading", { name: "Tracking links" }));
    await see(creator.getByText("TRAIL15"));
    const form = creator.getByRole("form", { name: `New link for ${name}` });
    await form.getByLabel("Vanity slug (optional)").fill("lena-trails");
    await form.getByRole("button", { name: "Create link" }).click();

    const link = await see(creator.getByRole("listitem", { name: "lena-trails", exact: true }));
    shortLink = await link.getByLabel("Short link").inputValue();
    // The local stack serves its links itself, so the short link is on its own address.
    expect(shortLink).toBe(`${base}/lena-trails`);
    await link.getByRole("button", { name: "Clicks and QR code" }).click();
    await see(link.getByRole("img", { name: `QR code for ${shortLink}` }));
    await see(link.getByRole("link", { name: "Download SVG" }));
    await see(link.getByRole("link", { name: "Download PNG" }));
    await shot(page, "14-links-and-codes");
  });

  test("following the short link counts a click and lands on the destination with the tracking", async () => {
    const res = await fetch(shortLink, { redirect: "manual", headers: { "User-Agent": humanAgent } });
    expect(res.status).toBe(302);
    const landing = new URL(res.headers.get("location")!);
    expect(`${landing.origin}${landing.pathname}`).toBe("https://shop.example.com/spring");
    for (const p of ["utm_source", "utm_medium", "utm_campaign"]) expect(landing.searchParams.get(p)).toBeTruthy();
    clickId = landing.searchParams.get("htclid") ?? "";
    expect(clickId).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // The Links and codes tab counts it as a person's click once the clicks consumer has.
    const campaignClicks = page.getByRole("region", { name: "Clicks per day", exact: true });
    await eventually(
      "the click on the Links and codes tab",
      async () => {
        await page.reload();
        return figure("By people", campaignClicks);
      },
      (n) => n === "1",
    );
    expect(await figure("By bots", campaignClicks)).toBe("0");
  }, 90_000);

  test("a signed Shopify order with the creator's code shows as accepted in the webhook deliveries", async () => {
    // The sample order, placed now, with the creator's code, landing from the click above.
    const order = JSON.parse(readFileSync(shopifyOrder, "utf8"));
    const now = new Date().toISOString();
    Object.assign(order, { created_at: now, updated_at: now, processed_at: now });
    order.discount_codes[0].code = "TRAIL15";
    for (const a of order.discount_applications) if (a.type === "discount_code") a.code = "TRAIL15";
    order.landing_site = `/spring?htclid=${clickId}`;
    const body = JSON.stringify(order);
    const res = await fetch(webhookUrl, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-Event-Id": randomUUID(),
        "X-Shopify-Hmac-Sha256": createHmac("sha256", signingKey).update(body).digest("base64"),
      },
    });
    expect(res.status, await res.text()).toBeLessThan(300);

    await page.getByRole("link", { name: "Connections" }).click();
    await page.getByRole("link", { name: /US store/ }).click();
    await see(page.getByRole("heading", { name: "Webhook deliveries" }));
    const deliveries = page.getByRole("table", { name: "Recent deliveries" });
    const refresh = page.getByRole("button", { name: "Refresh", exact: true });
    // The orders consumer applies the delivery from the table's stream a few seconds later.
    await eventually(
      "the accepted delivery",
      async () => {
        await refresh.click();
        await see(refresh);
        return (await deliveries.count()) ? await deliveries.getByRole("row").nth(1).textContent() : "no deliveries table";
      },
      (row) => /Accepted/.test(row ?? "") && (row ?? "").includes(String(order.id)),
    );
    const row = deliveries.getByRole("row").nth(1);
    expect(await row.getByRole("cell").first().textContent()).toBe("orders/create");
    await see(row.getByText("Accepted", { exact: true }));
    await shot(page, "15-connection-deliveries");
  }, 90_000);

  test("the overview shows the click, the order and its net revenue", async () => {
    await page.getByRole("link", { name: "Campaigns", exact: true }).first().click();
    await page.getByRole("link", { name: "Spring trail shoes" }).click();
    await see(page.getByRole("heading", { name: "Goal progress" }));
    // The clicks and orders consumers count from the table's stream, and resultspack packs
    // their counters for the results, each in its own time.
    await eventually(
      "1 click and 1 order",
      async () => {
        await page.reload();
        return { clicks: await figure("Clicks"), orders: await figure("Orders") };
      },
      (f) => f.clicks === "1" && f.orders === "1",
    );
    // Net revenue is the order's subtotal after discounts, without shipping and tax.
    const order = JSON.parse(readFileSync(shopifyOrder, "utf8"));
    const net = await money(Number(order.current_subtotal_price), order.currency);
    expect(await figure("Net revenue")).toBe(net);
    await see(page.getByRole("meter", { name: "Progress to 500 orders by" }));
    for (const chart of ["Clicks per day", "Orders per day", "Net revenue per day", "Views per day"]) {
      await see(page.getByRole("region", { name: chart }));
    }
    const leaderboard = page.getByRole("table", { name: "Creator leaderboard" });
    await see(leaderboard.getByRole("row").filter({ hasText: creatorName }));
    await shot(page, "16-overview-results");
  }, 90_000);

  test("the content tab tracks a creator's post by its link", async () => {
    await page.getByRole("link", { name: "Content", exact: true }).click();
    const form = await see(page.getByRole("form", { name: "Track a post" }));
    expect(await form.getByLabel("Creator").locator("option:checked").textContent()).toBe(creatorName);
    await form.getByLabel("Post link").fill("https://youtu.be/nPkTrail003");
    await form.getByRole("button", { name: "Track post" }).click();
    // Its figures come with the metrics job's first pull; until then the row says it waits.
    const posts = page.getByRole("table", { name: "Tracked posts" });
    const row = await see(posts.getByRole("row").filter({ hasText: creatorName }));
    expect(await row.textContent()).toMatch(/Tracking|Waiting/);
    expect(await row.textContent()).toContain("Not checked yet");
    await shot(page, "17-content");
  });

  test("the post-mortem reports the campaign and keeps the marketer's notes", async () => {
    await page.getByRole("link", { name: "Post-mortem", exact: true }).click();
    await see(page.getByRole("heading", { name: "Post-mortem" }));
    await see(page.getByRole("button", { name: "Printable report" }));
    await see(page.getByRole("heading", { name: "Notes" }));
    await page.getByLabel("Marketer's notes").fill("The code worked from day one.");
    await page.getByRole("button", { name: "Save notes" }).click();
    await see(page.getByText("Notes saved."));
    await shot(page, "18-post-mortem");
  });

  test("writes a pitch with two variants", async () => {
    await page.getByRole("link", { name: "Outreach" }).click();
    await see(page.getByRole("heading", { name: "No pitches yet" }));
    await page.getByRole("button", { name: "New pitch" }).click();
    await page.getByLabel("Pitch name").fill("Spring intro");
    await page.locator("#pitch-variants-0-message").fill("Hi! We make trail shoes and love your runs.");
    await page.locator("#pitch-variants-1-message").fill("Your audience runs; ours too. Fancy a pair?");
    await page.getByRole("button", { name: "Save pitch" }).click();
    await see(page.getByRole("heading", { name: "Spring intro" }));
    expect(await page.getByText("no sends yet").count()).toBe(4);
    await shot(page, "19-outreach");
  });

  test("invites a teammate", async () => {
    await page.getByRole("link", { name: "Members" }).click();
    await see(page.getByText(email));
    await page.getByLabel("E-mail address").fill("sam@trail.example");
    await page.getByLabel("Role").selectOption("editor");
    await page.getByRole("button", { name: "Invite" }).click();
    const sam = await see(page.getByRole("listitem").filter({ hasText: "sam@trail.example" }));
    expect(await sam.textContent()).toContain("Invitation pending");
    await shot(page, "20-members");
  });

  test("fits a phone's width", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("link", { name: "Campaigns", exact: true }).first().click();
    await see(page.getByRole("heading", { name: "Campaigns" }));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, "21-phone-campaigns");
    await page.getByRole("link", { name: "Creators" }).click();
    await see(page.getByText("101 creators match"));
    await shot(page, "22-phone-creators");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  test("signs out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await see(page.getByRole("heading", { name: "Influencer campaigns you can measure" }));
    expect(await page.evaluate(() => sessionStorage.getItem("hypetrack.tokens"))).toBeNull();
  });
});
