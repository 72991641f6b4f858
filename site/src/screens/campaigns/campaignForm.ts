// The campaign wizard's state: what the marketer types, and its conversion to the API's
// shape. Kept apart from the screen so the rules are tested without a browser.

import type { Problem } from "../../api/problem";
import type { Campaign, CampaignInput } from "../../api/types";
import { fromMinor, toMinor } from "../../format";

export interface CampaignDraft {
  name: string;
  objective: string;
  metric: string;
  target: string;
  deadline: string;
  budget: string;
  currency: string;
  startDate: string;
  endDate: string;
  disclosureTags: string;
  destinationUrl: string;
  attributionWindowDays: string;
  platforms: string[];
  brief: string;
  status: string;
}

/** The wizard's steps and the API fields each one shows, to send an error to its step. */
export const STEPS = [
  { title: "Goal", fields: ["name", "objective", "goal.metric", "goal.target", "goal.deadline"] },
  { title: "Budget and dates", fields: ["budget.amount", "budget.currency", "startDate", "endDate"] },
  { title: "Rules", fields: ["disclosureTags", "destinationUrl", "attributionWindowDays", "platforms", "brief", "status"] },
  { title: "Review", fields: [] },
] as const;

export const ALL_FIELDS: string[] = STEPS.flatMap((s) => [...s.fields]);

export function emptyDraft(currency: string): CampaignDraft {
  return {
    name: "",
    objective: "sales",
    metric: "orders",
    target: "",
    deadline: "",
    budget: "",
    currency,
    startDate: "",
    endDate: "",
    disclosureTags: "#ad",
    destinationUrl: "",
    attributionWindowDays: "30",
    platforms: [],
    brief: "",
    status: "draft",
  };
}

export function draftOf(c: Campaign): CampaignDraft {
  return {
    name: c.name,
    objective: c.objective,
    metric: c.goal.metric,
    target: c.goal.metric === "revenue" ? fromMinor(c.goal.target, c.budget.currency) : String(c.goal.target),
    deadline: c.goal.deadline,
    budget: c.budget.amount ? fromMinor(c.budget.amount, c.budget.currency) : "",
    currency: c.budget.currency,
    startDate: c.startDate,
    endDate: c.endDate,
    disclosureTags: c.disclosureTags.join(" "),
    destinationUrl: c.destinationUrl,
    attributionWindowDays: String(c.attributionWindowDays),
    platforms: c.platforms,
    brief: c.brief ?? "",
    status: c.status,
  };
}

function err(field: string, message: string) {
  return { field, code: "invalid", message };
}

/**
 * checkStep asks for what a SMART goal cannot do without before the wizard moves on: a
 * metric, a target above zero, a deadline, and dates that fit together. The API checks
 * everything again; this only saves a round trip.
 */
export function checkStep(step: number, d: CampaignDraft): Problem | null {
  const errors = [];
  if (step === 0) {
    if (!d.name.trim()) errors.push(err("name", "is required: name the campaign"));
    const target = d.metric === "revenue" ? toMinor(d.target, d.currency) : Number(d.target.replace(/[\s,]/g, ""));
    if (!(target > 0) || !Number.isInteger(target)) {
      errors.push(err("goal.target", "must be a number above 0: a goal needs a number to reach"));
    }
    if (!d.deadline) errors.push(err("goal.deadline", "is required: a goal needs a date to reach it by"));
  }
  if (step === 1) {
    if (!d.startDate) errors.push(err("startDate", "is required"));
    if (!d.endDate) errors.push(err("endDate", "is required"));
    if (d.startDate && d.endDate && d.endDate < d.startDate) errors.push(err("endDate", "must not be before the start date"));
    if (d.startDate && d.deadline && d.deadline < d.startDate) {
      errors.push(err("goal.deadline", "must not be before the start date"));
    }
    if (Number.isNaN(toMinor(d.budget, d.currency))) errors.push(err("budget.amount", "must be an amount such as 5000 or 5000.00"));
  }
  if (step === 2 && !d.destinationUrl.trim()) {
    errors.push(err("destinationUrl", "is required: where should the creators' links lead?"));
  }
  if (errors.length === 0) return null;
  return { type: "about:blank", title: "Check the fields", status: 422, code: "invalid-input", detail: "Some fields need attention.", errors };
}

/** stepOf returns the step that shows a field, so a rejected save opens the right one. */
export function stepOf(field: string): number {
  const i = STEPS.findIndex((s) => (s.fields as readonly string[]).some((f) => field === f || field.startsWith(f + "[") || field.startsWith(f + ".")));
  return i < 0 ? STEPS.length - 1 : i;
}

/** toInput turns the draft into the API's campaign, over the current one when editing. */
export function toInput(d: CampaignDraft, base?: Campaign): CampaignInput {
  const currency = d.currency.trim().toUpperCase();
  const target = d.metric === "revenue" ? toMinor(d.target, currency) : Number(d.target.replace(/[\s,]/g, ""));
  return {
    // An update replaces every editable field, so the persona, UTM settings and notes of
    // the campaign as read travel along unchanged.
    ...(base ?? {}),
    name: d.name.trim(),
    objective: d.objective,
    goal: { metric: d.metric, target, deadline: d.deadline },
    budget: { amount: toMinor(d.budget, currency) || 0, currency },
    startDate: d.startDate,
    endDate: d.endDate,
    disclosureTags: d.disclosureTags.split(/[\s,]+/).filter(Boolean),
    destinationUrl: d.destinationUrl.trim(),
    attributionWindowDays: Number(d.attributionWindowDays) || 0,
    platforms: d.platforms,
    brief: d.brief,
    status: d.status,
  };
}
