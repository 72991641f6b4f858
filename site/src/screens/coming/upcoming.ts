// The screens whose API is still being built, with what each will show. A screen waiting
// for its data says so in these words instead of showing figures that are not real.

export interface Upcoming {
  id: string;
  title: string;
  shows: string;
}

export const UPCOMING: Record<string, Upcoming> = {
  overview: {
    id: "overview",
    title: "Campaign results",
    shows:
      "Progress to the goal with a projection of whether the current pace reaches it by the deadline; headline figures (views, clicks, orders, revenue, cost, ROAS, cost per acquisition); charts over time; a creator leaderboard; and posts missing their disclosure tag.",
  },
  links: {
    id: "links",
    title: "Links and codes",
    shows:
      "A tracking link per creator with a copy button and a QR code to download, the coupon codes assigned to each creator, and clicks per link over time.",
  },
  content: {
    id: "content",
    title: "Content",
    shows:
      "Each creator's tracked posts with their views and engagement over time, so you see when a post took off or slowed down, and whether each carries the campaign's disclosure tag.",
  },
  report: {
    id: "report",
    title: "Post-mortem report",
    shows:
      "A printable report that compares the results with the original goal: whether it was reached and in the intended audience, traffic against expectation, conversion and cost per creator, delays between pitch and post, and revisions.",
  },
  deliveries: {
    id: "deliveries",
    title: "Webhook deliveries",
    shows:
      "The shop's recent order and refund webhooks and what became of each: accepted, a duplicate of one received before, or rejected and why (a signature that does not verify, a body that cannot be read).",
  },
};
