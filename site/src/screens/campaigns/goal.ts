import type { Campaign } from "../../api/types";
import { fmtDate, fmtMoney, fmtNumber } from "../../format";

const metricWords: Record<string, string> = {
  views: "views",
  reach: "people reached",
  engagements: "engagements",
  clicks: "clicks",
  unique_visitors: "unique visitors",
  leads: "leads",
  orders: "orders",
  revenue: "of revenue",
  posts: "posts",
  mentions: "brand mentions",
};

/** goalText states a campaign's goal as a sentence: "500 orders by Mar 31, 2027". */
export function goalText(c: Pick<Campaign, "goal" | "budget">): string {
  const { metric, target, deadline } = c.goal;
  // Revenue targets are in minor units of the campaign's currency, like every amount.
  const amount = metric === "revenue" ? fmtMoney({ amount: target, currency: c.budget.currency }) : fmtNumber(target);
  return `${amount} ${metricWords[metric] ?? metric} by ${fmtDate(deadline)}`;
}
