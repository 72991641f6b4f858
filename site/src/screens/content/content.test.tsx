// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, test } from "vitest";
import type { Campaign } from "../../api/types";
import { json, withApp } from "../../test/app";
import { samplePost } from "../../test/posts";
import ContentTab from "./ContentTab";

afterEach(cleanup);

const campaign = { id: "c1", name: "Spring", status: "active", disclosureTags: ["#ad"] } as unknown as Campaign;
const member = { creatorId: "cr1", creatorName: "Lena Trails", handles: { tiktok: "lena" }, codes: [] };
const post = samplePost({
  latest: {
    at: "2027-03-02T10:00:00Z",
    pulledAt: "2027-03-02T10:00:00Z",
    caption: "New trail shoes",
    views: 12000,
    likes: 800,
    comments: 40,
    shares: null,
    engagementRate: 0.07,
    growth: {},
    momentum: { state: "viral" },
    simulated: true,
  },
  disclosure: { disclosed: false, required: ["#ad"], found: [], byLabel: false, checkedAt: "2027-03-02T10:00:00Z" },
});

function api(posted: string[] = []) {
  return async (r: Request) => {
    const path = new URL(r.url).pathname;
    if (r.method === "POST" && path.endsWith("/creators/cr1/posts")) {
      posted.push(await r.text());
      return json(422, {
        type: "about:blank",
        title: "",
        status: 422,
        code: "invalid-input",
        detail: "Some fields are not valid; see errors.",
        errors: [{ field: "url", code: "invalid", message: "must be a YouTube, TikTok or Instagram post link" }],
      }, "application/problem+json");
    }
    if (path.endsWith("/creators")) return json(200, { items: [member] });
    if (path.endsWith("/posts")) return json(200, { items: [post] });
    if (path.endsWith("/hashtags")) return json(200, { items: [] });
    return json(404, {});
  };
}

describe("content tab", () => {
  test("a post missing its tag is called out, and replayed figures are labelled", async () => {
    withApp(api())(<ContentTab campaign={campaign} onChange={() => undefined} />);
    const table = await screen.findByRole("table", { name: "Tracked posts" });
    expect(screen.getByText(/1 post is missing the disclosure tag \(#ad\)/)).toBeTruthy();
    expect(table.textContent).toContain("Lena Trails");
    expect(table.textContent).toContain("Missing tag");
    expect(table.textContent).toContain("Simulated data (replay provider)");
    expect(table.textContent).toContain("Viral");
    expect(table.textContent).toContain("12K");
  });

  test("a refused link shows beside the field, with only the link sent", async () => {
    const posted: string[] = [];
    withApp(api(posted))(<ContentTab campaign={campaign} onChange={() => undefined} />);
    fireEvent.input(await screen.findByLabelText("Post link"), { target: { value: "https://example.com/x" } });
    fireEvent.click(screen.getByRole("button", { name: "Track post" }));
    await waitFor(() => expect(screen.getByText("Must be a YouTube, TikTok or Instagram post link")).toBeTruthy());
    expect(screen.getByLabelText("Post link").getAttribute("aria-invalid")).toBe("true");
    expect(posted.map((b) => JSON.parse(b))).toEqual([{ url: "https://example.com/x" }]);
  });

  test("a viewer sees the posts but no way to change them", async () => {
    withApp(api(), "viewer")(<ContentTab campaign={campaign} onChange={() => undefined} />);
    await screen.findByRole("table", { name: "Tracked posts" });
    expect(screen.queryByLabelText("Post link")).toBeNull();
    expect(screen.queryByRole("button", { name: "Stop tracking" })).toBeNull();
    expect(screen.queryByLabelText("Hashtag on Instagram")).toBeNull();
  });
});
