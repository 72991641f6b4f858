import { describe, expect, test } from "vitest";
import { samplePost } from "../../test/posts";
import { collectPages, disclosureStatus, missingDisclosure, postCharts, trackingStatus, trend, type Post, type Snapshot } from "./posts";

const at = (iso: string) => `at ${iso}`;

const post = samplePost;

const checked = (over: Partial<NonNullable<Post["disclosure"]>>) => ({
  disclosed: false,
  required: ["#ad", "#sponsored"],
  found: [],
  byLabel: false,
  checkedAt: "2027-03-02T10:00:00Z",
  ...over,
});

describe("disclosure status", () => {
  test("a post not pulled yet is not checked yet, and not flagged", () => {
    const p = post({ disclosure: null });
    expect(disclosureStatus(p, at)).toMatchObject({ tone: "muted", text: "Not checked yet" });
    expect(missingDisclosure(p)).toBe(false);
  });

  test("a caption without any of the tags is missing the tag, with the time of the check", () => {
    const p = post({ disclosure: checked({}) });
    expect(disclosureStatus(p, at)).toEqual({
      tone: "warn",
      text: "Missing tag",
      detail: "None of #ad, #sponsored in the caption. Checked at 2027-03-02T10:00:00Z.",
    });
    expect(missingDisclosure(p)).toBe(true);
  });

  test("compliant by a tag names the tag; by the platform's label says so", () => {
    expect(disclosureStatus(post({ disclosure: checked({ disclosed: true, found: ["#ad"] }) }), at)).toEqual({
      tone: "good",
      text: "Compliant",
      detail: "Carries #ad. Checked at 2027-03-02T10:00:00Z.",
    });
    expect(disclosureStatus(post({ disclosure: checked({ disclosed: true, byLabel: true, platformLabel: true }) }), at).detail).toMatch(
      /^The platform's paid-partnership label discloses it\./,
    );
  });
});

describe("tracking status", () => {
  test("a failed pull of a tracked post is a warning with its reason", () => {
    expect(trackingStatus(post({ pull: { status: "failed", reason: "quota exhausted", failures: 2 } }))).toEqual({
      tone: "warn",
      text: "Tracking",
      detail: "The last pull failed: quota exhausted.",
    });
  });

  test("each state reads in words", () => {
    expect(trackingStatus(post({ pull: { status: "", failures: 0 } })).detail).toBe("Waiting for the first pull.");
    expect(trackingStatus(post({ tracking: "waiting" })).text).toBe("Waiting");
    expect(trackingStatus(post({ tracking: "ended" })).text).toBe("Ended");
    expect(trackingStatus(post({ tracking: "stopped" })).text).toBe("Stopped");
  });
});

describe("trend", () => {
  const latest = (state: string) =>
    ({ momentum: { state }, growth: {}, at: "", pulledAt: "", caption: "", simulated: false }) as NonNullable<Post["latest"]>;
  test("viral and fading are flagged; steady and no data are not", () => {
    expect(trend(post({ latest: latest("viral") }))?.text).toBe("Viral");
    expect(trend(post({ latest: latest("fading") }))?.text).toBe("Fading");
    expect(trend(post({ latest: latest("steady") }))).toBeNull();
    expect(trend(post({ latest: latest("no data") }))).toBeNull();
    expect(trend(post())).toBeNull();
  });
});

describe("post charts", () => {
  const snap = (at: string, over: Partial<Snapshot>): Snapshot => ({ at, pulledAt: at, simulated: false, ...over });

  test("oldest first, gaps stay gaps, and a count the platform never gave is left out", () => {
    const c = postCharts([
      snap("2027-03-02T00:00:00Z", { views: 900, likes: 40, comments: null }),
      snap("2027-03-01T00:00:00Z", { views: 100, likes: null, comments: 2 }),
    ]);
    expect(c.times).toEqual([Date.UTC(2027, 2, 1) / 1000, Date.UTC(2027, 2, 2) / 1000]);
    expect(c.views).toEqual([{ label: "Views", values: [100, 900] }]);
    expect(c.interactions).toEqual([
      { label: "Likes", values: [null, 40] },
      { label: "Comments", values: [2, null] },
    ]);
    expect(c.simulated).toBe(false);
  });

  test("replayed snapshots mark the series as simulated", () => {
    expect(postCharts([snap("2027-03-01T00:00:00Z", { views: 1, simulated: true })]).simulated).toBe(true);
  });
});

describe("collectPages", () => {
  test("follows next until the last page", async () => {
    const pages: Record<string, { items: number[]; next?: string }> = { "": { items: [1, 2], next: "a" }, a: { items: [3] } };
    const seen: (string | undefined)[] = [];
    const r = await collectPages(async (after) => (seen.push(after), pages[after ?? ""]), 5);
    expect(r).toEqual({ items: [1, 2, 3], truncated: false });
    expect(seen).toEqual([undefined, "a"]);
  });

  test("stops at the page limit and says so", async () => {
    const r = await collectPages(async () => ({ items: [1], next: "more" }), 3);
    expect(r).toEqual({ items: [1, 1, 1], truncated: true });
  });
});
