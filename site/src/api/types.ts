// Short names for the API's schemas, and the input shapes the OpenAPI document leaves
// implicit: it describes request bodies with the resource's own schema, whose server-set
// fields (id, version, timestamps) a client does not send.

import type { components } from "./schema";

type S = components["schemas"];

export type Workspace = S["api.workspaceView"];
export type WorkspaceMember = S["workspaces.Member"];
export type Campaign = S["campaigns.Campaign"];
export type Goal = S["campaigns.Goal"];
export type Money = S["campaigns.Money"];
export type Persona = S["creators.Persona"];
export type Creator = S["api.creatorView"];
export type RankedCreator = S["creators.Ranked"];
export type CreatorPage = S["creators.Page"];
export type ImportReport = S["creators.ImportReport"];
export type RowError = S["creators.RowError"];
export type PipelineMember = S["campaigns.Member"];
export type MemberTerms = S["campaigns.MemberTerms"];
export type Compensation = S["campaigns.Compensation"];
export type PitchStats = S["campaigns.PitchStats"];
export type Pitch = S["campaigns.Pitch"];
export type Connection = S["connections.View"];
export type ConnectionInput = S["connections.Input"];

type ServerSet = "id" | "workspaceId" | "createdAt" | "updatedAt" | "version";

export type CampaignInput = Omit<Campaign, ServerSet | "slug" | "utm" | "platforms"> &
  Partial<Pick<Campaign, "slug" | "utm" | "platforms">>;
export type WorkspaceInput = Pick<S["workspaces.Workspace"], "name" | "timeZone" | "currency">;
export type PitchInput = { name: string; variants: Array<Omit<S["campaigns.Variant"], "id">> };

/** creatorUpdate strips a read creator down to the fields an update takes. */
export function creatorUpdate(c: Creator): S["creators.Creator"] {
  const { tier: _tier, potentialReach: _reach, ...rest } = c;
  return rest;
}

export const STAGES = [
  "candidate",
  "shortlisted",
  "vetted",
  "contacted",
  "negotiating",
  "contracted",
  "content_review",
  "live",
  "completed",
  "declined",
] as const;
export type Stage = (typeof STAGES)[number];

export const GOAL_METRICS = [
  "views",
  "reach",
  "engagements",
  "clicks",
  "unique_visitors",
  "leads",
  "orders",
  "revenue",
  "posts",
  "mentions",
] as const;
export const OBJECTIVES = ["awareness", "traffic", "leads", "sales", "content"] as const;
export const CAMPAIGN_STATUSES = ["draft", "active", "paused", "completed"] as const;
export const TIERS = ["nano", "micro", "mid", "macro", "mega"] as const;
export const AGE_BRACKETS = ["13-17", "18-24", "25-34", "35-44", "45-54", "55+"] as const;
export const COMPENSATION_MODELS = ["flat_fee", "per_click", "per_sale", "commission", "gifting"] as const;
export const ROLES = ["owner", "admin", "editor", "viewer"] as const;
export const OUTCOMES = ["no_reply", "replied", "accepted", "declined"] as const;
