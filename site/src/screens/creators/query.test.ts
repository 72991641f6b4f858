import { describe, expect, test } from "vitest";
import { activeCount, NO_FILTERS, toQuery } from "./query";

describe("roster filters", () => {
  test("percentages become shares, numbers lose their separators, empty filters are left out", () => {
    const q = toQuery({ ...NO_FILTERS, tiers: ["micro", "mid"], minFollowers: "10,000", minEngagement: "4.5", minFemale: "55", country: " us " });
    expect(q).toEqual({ sort: "impact", tier: "micro,mid", minFollowers: "10000", minEngagement: "0.045", minFemale: "0.55", country: "us" });
  });

  test("an unreadable value goes to the API as typed, for it to say what is wrong", () => {
    expect(toQuery({ ...NO_FILTERS, minIos: "lots" }).minIos).toBe("lots");
  });

  test("activeCount counts narrowing filters, not the sort or the text", () => {
    expect(activeCount(NO_FILTERS)).toBe(0);
    expect(activeCount({ ...NO_FILTERS, q: "lena", tiers: ["nano"], ageBracket: "18-24", minAgeShare: "30" })).toBe(3);
  });
});
