// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, test } from "vitest";
import type { Campaign, PipelineMember } from "../../api/types";
import { json, withApp } from "../../test/app";
import { LinkForm } from "./LinkForm";
import { LinkItem, type Link } from "./LinkItem";
import LinksTab from "./LinksTab";

afterEach(cleanup);

const problem = (status: number, body: unknown) => json(status, body, "application/problem+json");

const campaign = { id: "c1", name: "Spring", destinationUrl: "https://trail.example/spring" } as Campaign;
const member = { creatorId: "cr1", creatorName: "Lena Trails", handles: {}, codes: [] } as unknown as PipelineMember;

describe("creating a link", () => {
  test("the API's refusal shows beside the field it names", async () => {
    const mount = withApp(async () =>
      problem(422, {
        type: "about:blank",
        title: "",
        status: 422,
        code: "invalid-input",
        detail: "Some fields are not valid; see errors.",
        errors: [{ field: "slug", code: "slug-reserved", message: "This word is reserved; choose another." }],
      }),
    );
    mount(<LinkForm campaign={campaign} member={member} onCreated={() => undefined} />);
    fireEvent.input(screen.getByLabelText("Vanity slug (optional)"), { target: { value: "api" } });
    fireEvent.click(screen.getByRole("button", { name: "Create link" }));
    await waitFor(() => expect(screen.getByLabelText("Vanity slug (optional)").getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("This word is reserved; choose another.")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  test("a slug in use, which the API answers without a field, shows under the slug too", async () => {
    const mount = withApp(async () =>
      problem(409, { type: "about:blank", title: "", status: 409, code: "link-code-taken", detail: "This code is already used on this domain; choose another." }),
    );
    mount(<LinkForm campaign={campaign} member={member} onCreated={() => undefined} />);
    fireEvent.input(screen.getByLabelText("Vanity slug (optional)"), { target: { value: "lena" } });
    fireEvent.click(screen.getByRole("button", { name: "Create link" }));
    await waitFor(() => expect(screen.getByText("This code is already used on this domain; choose another.")).toBeTruthy());
    expect(screen.getByLabelText("Vanity slug (optional)").getAttribute("aria-invalid")).toBe("true");
  });

  test("sends only what was typed; the API fills in the campaign's destination", async () => {
    let sent = "";
    const mount = withApp(async (r) => {
      sent = await r.text();
      return json(201, { id: "l.ink/abc" });
    });
    const created: unknown[] = [];
    mount(<LinkForm campaign={campaign} member={member} onCreated={(l) => created.push(l)} />);
    fireEvent.click(screen.getByRole("button", { name: "Create link" }));
    await waitFor(() => expect(created).toHaveLength(1));
    expect(JSON.parse(sent)).toEqual({ slug: "", destination: "" });
  });
});

const link: Link = {
  id: "l.ink/abc123",
  url: "https://l.ink/abc123",
  domain: "l.ink",
  code: "abc123",
  vanity: false,
  campaignId: "c1",
  creatorId: "cr1",
  creatorHandle: "lena.trails",
  platform: "tiktok",
  destination: "https://trail.example/spring",
  tracking: {},
  override: {},
  disabled: false,
  archived: false,
  createdAt: "2027-03-01T00:00:00Z",
  version: 3,
};

describe("a link", () => {
  test("disabling sends the version read, and shows the answer", async () => {
    let ifMatch = "";
    const mount = withApp(async (r) => {
      ifMatch = r.headers.get("If-Match") ?? "";
      return json(200, { ...link, disabled: true, version: 4 });
    });
    const changed: Link[] = [];
    mount(<LinkItem link={link} editable onChange={(l) => changed.push(l)} onArchived={() => undefined} />);
    expect(screen.getByLabelText("Short link")).toHaveProperty("value", "https://l.ink/abc123");
    fireEvent.click(screen.getByRole("button", { name: "Disable link" }));
    await waitFor(() => expect(changed).toHaveLength(1));
    expect(ifMatch).toBe('"3"');
    expect(changed[0].disabled).toBe(true);
  });

  test("opened, it shows the QR code fetched with the token, to download as SVG and PNG", async () => {
    const asked: string[] = [];
    const mount = withApp(async (r) => {
      const u = new URL(r.url);
      if (u.pathname.endsWith("/qr")) {
        asked.push(`${u.searchParams.get("format")} ${r.headers.get("Authorization")}`);
        return new Response(u.searchParams.get("format") === "svg" ? "<svg/>" : "PNG", { headers: { "Content-Type": `image/${u.searchParams.get("format") === "svg" ? "svg+xml" : "png"}` } });
      }
      return json(200, { from: "", to: "", timeZone: "UTC", totals: { clicks: 0, humanClicks: 0, botClicks: 0, visitorDays: 0 }, breakdowns: {}, series: { granularity: "day", hasUniques: true, points: [] } });
    });
    mount(<LinkItem link={link} editable onChange={() => undefined} onArchived={() => undefined} />);
    fireEvent.click(screen.getByRole("button", { name: "Clicks and QR code" }));
    const img = await screen.findByRole("img", { name: "QR code for https://l.ink/abc123" });
    expect(img.getAttribute("src")).toMatch(/^blob:/);
    expect(screen.getByRole("link", { name: "Download SVG" }).getAttribute("download")).toBe("abc123.svg");
    expect(screen.getByRole("link", { name: "Download PNG" }).getAttribute("download")).toBe("abc123.png");
    expect(asked.sort()).toEqual(["png Bearer t", "svg Bearer t"]);
  });

  test("a viewer sees the link but cannot change it", () => {
    const mount = withApp(async () => json(200, {}), "viewer");
    mount(<LinkItem link={{ ...link, disabled: true }} editable={false} onChange={() => undefined} onArchived={() => undefined} />);
    expect(screen.getByText("Disabled")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Enable link|Disable link|Archive link/ })).toBeNull();
    expect(screen.getByRole("button", { name: "Clicks and QR code" })).toBeTruthy();
  });
});

describe("links tab", () => {
  const members = [
    { ...member, codes: [{ code: "LENA15", connectionId: "k1", assignedAt: "2027-03-01T00:00:00Z" }] },
    { creatorId: "cr2", creatorName: "Max Peaks", handles: {}, codes: [] },
  ];
  const clicks = {
    from: "2027-03-01T00:00:00Z",
    to: "2027-03-30T00:00:00Z",
    timeZone: "UTC",
    totals: { clicks: 0, humanClicks: 0, botClicks: 0, visitorDays: 0 },
    breakdowns: {},
    series: { granularity: "day", hasUniques: true, points: [] },
  };
  const answer = (seen: string[] = []) => async (r: Request) => {
    const u = new URL(r.url);
    seen.push(u.pathname + u.search);
    if (u.pathname.endsWith("/creators")) return json(200, { items: members });
    if (u.pathname.endsWith("/links")) return json(200, { items: [link, { ...link, id: "l.ink/gone", code: "gone", creatorId: "cr9", creatorHandle: "old.friend" }] });
    if (u.pathname.endsWith("/connections")) return json(200, { items: [{ id: "k1", name: "Trail shop", shop: "trail.myshopify.com", disabled: false }] });
    if (u.pathname.endsWith("/clicks")) return json(200, clicks);
    return json(404, {});
  };

  test("links and codes are grouped by creator, with links of removed creators apart", async () => {
    const seen: string[] = [];
    withApp(answer(seen))(<LinksTab campaign={{ ...campaign, status: "active" } as Campaign} onChange={() => undefined} />);
    const lena = await screen.findByRole("region", { name: "Lena Trails" });
    expect(within(lena).getByRole("list", { name: "Links of Lena Trails" }).textContent).toContain("abc123");
    await waitFor(() => expect(lena.textContent).toContain("on Trail shop"));
    expect(within(lena).getByText("LENA15")).toBeTruthy();
    const max = screen.getByRole("region", { name: "Max Peaks" });
    expect(max.textContent).toContain("No link yet.");
    expect(within(max).getByRole("button", { name: "Create link" })).toBeTruthy();
    expect(screen.getByRole("region", { name: "Links of creators no longer in the campaign" }).textContent).toContain("@old.friend");
    expect(await screen.findByText("No clicks in this period yet. Clicks show here once people open the links.")).toBeTruthy();
    expect(seen.find((s) => s.includes("/campaigns/c1/clicks"))).toMatch(/granularity=day/);
  });

  test("a viewer sees links and codes, and no form", async () => {
    withApp(answer(), "viewer")(<LinksTab campaign={{ ...campaign, status: "active" } as Campaign} onChange={() => undefined} />);
    const lena = await screen.findByRole("region", { name: "Lena Trails" });
    expect(within(lena).getByText("LENA15")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Create link" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Assign code" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Take back" })).toBeNull();
  });
});
