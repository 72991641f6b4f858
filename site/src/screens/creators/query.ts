// The roster's filters as a marketer types them (percentages, plain numbers) and their
// translation into the search API's query (shares from 0 to 1, whole numbers).

export interface Filters {
  q: string;
  country: string;
  topic: string;
  tiers: string[];
  list: string;
  minFollowers: string;
  maxFollowers: string;
  minAvgViews: string;
  minEngagement: string;
  audienceCountry: string;
  minCountryShare: string;
  minFemale: string;
  maxFemale: string;
  ageBracket: string;
  minAgeShare: string;
  minIos: string;
  sort: string;
}

export const NO_FILTERS: Filters = {
  q: "",
  country: "",
  topic: "",
  tiers: [],
  list: "",
  minFollowers: "",
  maxFollowers: "",
  minAvgViews: "",
  minEngagement: "",
  audienceCountry: "",
  minCountryShare: "",
  minFemale: "",
  maxFemale: "",
  ageBracket: "",
  minAgeShare: "",
  minIos: "",
  sort: "impact",
};

const PERCENT = ["minEngagement", "minCountryShare", "minFemale", "maxFemale", "minAgeShare", "minIos"] as const;
const WHOLE = ["minFollowers", "maxFollowers", "minAvgViews"] as const;
const TEXT = ["q", "country", "topic", "list", "audienceCountry", "ageBracket", "sort"] as const;

/** share turns "55" (percent) into "0.55"; anything else unreadable passes as typed, for the API to name. */
function share(percent: string): string {
  const n = Number(percent);
  return percent.trim() === "" || Number.isNaN(n) ? percent.trim() : String(Math.round(n * 100) / 10000);
}

/** toQuery builds the search's query parameters, leaving out empty filters. */
export function toQuery(f: Filters): Record<string, string> {
  const q: Record<string, string> = {};
  for (const k of TEXT) if (f[k].trim()) q[k] = f[k].trim();
  for (const k of WHOLE) if (f[k].trim()) q[k] = f[k].replace(/[\s,]/g, "");
  for (const k of PERCENT) if (f[k].trim()) q[k] = share(f[k]);
  if (f.tiers.length > 0) q.tier = f.tiers.join(",");
  return q;
}

/** activeCount says how many filters narrow the search, for the collapsed filter panel. */
export function activeCount(f: Filters): number {
  return Object.keys(toQuery(f)).filter((k) => k !== "sort" && k !== "q").length;
}
