// Short names for the results API's schemas. A money figure whose source is missing is null
// (docs/metrics.md, "No data is null"); Amounts and Reals say so for the UI's own helpers.

import type { components } from "../../api/schema";

type S = components["schemas"];

export type Dashboard = S["results.Dashboard"];
export type Figures = S["results.Figures"];
export type Goal = S["results.Goal"];
export type SeriesDay = S["results.SeriesDay"];
export type CreatorRow = S["results.CreatorRow"];
export type Sources = S["results.Sources"];
export type Comparison = S["results.Comparison"];
export type Benchmark = S["results.Benchmark"];
export type PostMortem = S["results.PostMortem"];
export type PostMortemCreator = S["results.PostMortemCreator"];

/** Amounts is money per currency in minor units; null or absent is "no data". */
export type Amounts = Record<string, number> | null | undefined;

/** Reals is a money-based figure per currency (CPA, ROAS); a null map or entry is "no data". */
export type Reals = Record<string, number | null> | null | undefined;

/** Tables are the CSV exports of GET …/results/export/{table}. */
export const TABLES = ["figures", "goal", "series", "leaderboard", "comparison", "postmortem"] as const;
export type Table = (typeof TABLES)[number];
