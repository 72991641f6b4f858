// A tracked post as the Content tab words it: its disclosure, its tracking state and
// trend, and its time series for the charts.

import { sentence } from "../../api/problem";
import type { components } from "../../api/schema";
import type { ChartSeries } from "../../ui/TimeChart";

export type Post = components["schemas"]["api.postView"];
export type Snapshot = components["schemas"]["tracking.Snapshot"];

export type Tone = "good" | "warn" | "muted" | "neutral";

/** Status is a state in words, with the badge tone that shows it and an optional detail. */
export interface Status {
  tone: Tone;
  text: string;
  detail?: string;
}

/**
 * disclosureStatus says whether the post carries the campaign's disclosure: compliant (by
 * a tag or by the platform's paid-partnership label), missing the tag, or not checked yet
 * (nothing pulled so far). fmtTime writes the time of the check.
 */
export function disclosureStatus(p: Post, fmtTime: (iso: string) => string): Status {
  const d = p.disclosure;
  if (!d) return { tone: "muted", text: "Not checked yet", detail: "Checked at the first pull of the post." };
  const when = `Checked ${fmtTime(d.checkedAt)}.`;
  if (d.disclosed) {
    if (d.byLabel) return { tone: "good", text: "Compliant", detail: `The platform's paid-partnership label discloses it. ${when}` };
    if (d.found.length > 0) return { tone: "good", text: "Compliant", detail: `Carries ${d.found.join(", ")}. ${when}` };
    return { tone: "good", text: "Compliant", detail: `The campaign asks for no tag. ${when}` };
  }
  const wanted = d.required.length > 0 ? `none of ${d.required.join(", ")} in the caption` : "the required tags are not in the caption";
  return { tone: "warn", text: "Missing tag", detail: `${sentence(wanted)}. ${when}` };
}

/** missingDisclosure tells whether a post was checked and found without its disclosure. */
export function missingDisclosure(p: Post): boolean {
  return !!p.disclosure && !p.disclosure.disclosed;
}

/**
 * trackingStatus words the API's tracking state and the last pull's trouble, if any. A
 * tracked hashtag has the same states, so it reads the same.
 */
export function trackingStatus(p: Pick<Post, "tracking" | "pull">): Status {
  switch (p.tracking) {
    case "pulling": {
      if (p.pull.status === "failed") return { tone: "warn", text: "Tracking", detail: `The last pull failed${p.pull.reason ? `: ${p.pull.reason}` : ""}.` };
      return { tone: "good", text: "Tracking", detail: p.pull.status ? undefined : "Waiting for the first pull." };
    }
    case "waiting":
      return { tone: "neutral", text: "Waiting", detail: "Tracking starts when the campaign is no longer a draft." };
    case "ended":
      return { tone: "muted", text: "Ended", detail: "The campaign's tracking window is over." };
    case "stopped":
      return { tone: "muted", text: "Stopped", detail: "No longer tracked; its figures so far stay." };
  }
  return { tone: "neutral", text: p.tracking };
}

/** trend is the post's momentum when it says something: viral or fading (steady and "no data" say nothing). */
export function trend(p: Post): Status | null {
  switch (p.latest?.momentum.state) {
    case "viral":
      return { tone: "good", text: "Viral", detail: "Views per hour well above the post's own baseline." };
    case "fading":
      return { tone: "muted", text: "Fading", detail: "Views per hour have fallen well below their peak." };
  }
  return null;
}

/** simulated tells whether the figures come from the replay provider rather than the platform. */
export function simulated(p: Post): boolean {
  return p.latest?.simulated === true;
}

export interface PostCharts {
  times: number[];
  views: ChartSeries[];
  interactions: ChartSeries[];
  simulated: boolean;
}

/**
 * postCharts builds the two charts of a post from its snapshots, oldest first: views, and
 * likes, comments and shares. A count the platform did not give stays null (a gap), not
 * zero; a series the platform never gave is left out.
 */
export function postCharts(snapshots: Snapshot[]): PostCharts {
  const sorted = [...snapshots].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const line = (label: string, pick: (s: Snapshot) => number | null | undefined): ChartSeries => ({
    label,
    values: sorted.map((s) => pick(s) ?? null),
  });
  const given = (s: ChartSeries) => s.values.some((v) => v !== null);
  return {
    times: sorted.map((s) => Date.parse(s.at) / 1000),
    views: [line("Views", (s) => s.views)].filter(given),
    interactions: [line("Likes", (s) => s.likes), line("Comments", (s) => s.comments), line("Shares", (s) => s.shares)].filter(given),
    simulated: sorted.some((s) => s.simulated),
  };
}


/** Page is one page of a time series as the snapshot routes answer it. */
export interface Page<T> {
  items: T[];
  next?: string;
}

/**
 * collectPages reads a series page after page until the API says there is no more, or
 * maxPages were read (truncated then tells the chart it shows the first part only).
 */
export async function collectPages<T>(load: (after?: string) => Promise<Page<T>>, maxPages: number): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let after: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await load(after);
    items.push(...page.items);
    if (!page.next) return { items, truncated: false };
    after = page.next;
  }
  return { items, truncated: true };
}
