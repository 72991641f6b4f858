import { describe, expect, test } from "vitest";
import type { Campaign } from "../../api/types";
import { checkStep, draftOf, emptyDraft, stepOf, toInput } from "./campaignForm";
import { goalText } from "./goal";

const filled = {
  ...emptyDraft("USD"),
  name: "Spring trail shoes",
  metric: "revenue",
  target: "50,000",
  deadline: "2027-03-31",
  budget: "5000.50",
  startDate: "2027-01-15",
  endDate: "2027-03-31",
  disclosureTags: "#ad, #sponsored",
  destinationUrl: " https://shop.example.com/spring ",
};

describe("campaign wizard", () => {
  test("the goal step insists on a name, a target above zero and a deadline", () => {
    const p = checkStep(0, emptyDraft("USD"));
    expect(p?.errors?.map((e) => e.field)).toEqual(["name", "goal.target", "goal.deadline"]);
    expect(checkStep(0, { ...filled, target: "0" })?.errors?.[0].field).toBe("goal.target");
    expect(checkStep(0, filled)).toBeNull();
  });

  test("dates must fit together, and the deadline must not come before the start", () => {
    const p = checkStep(1, { ...filled, endDate: "2027-01-01", deadline: "2026-12-31" });
    expect(p?.errors?.map((e) => e.field)).toEqual(["endDate", "goal.deadline"]);
  });

  test("the rules step needs a destination", () => {
    expect(checkStep(2, { ...filled, destinationUrl: "" })?.errors?.[0].field).toBe("destinationUrl");
  });

  test("an API error opens the step that shows its field", () => {
    expect(stepOf("goal.metric")).toBe(0);
    expect(stepOf("budget.currency")).toBe(1);
    expect(stepOf("disclosureTags[1]")).toBe(2);
    expect(stepOf("utm.source")).toBe(3);
  });

  test("amounts go to the API in minor units; tags and URL are tidied", () => {
    const input = toInput(filled);
    expect(input.goal).toEqual({ metric: "revenue", target: 5_000_000, deadline: "2027-03-31" });
    expect(input.budget).toEqual({ amount: 500_050, currency: "USD" });
    expect(input.disclosureTags).toEqual(["#ad", "#sponsored"]);
    expect(input.destinationUrl).toBe("https://shop.example.com/spring");
    expect(goalText(input)).toMatch(/^\$50,000\.00 of revenue by /);
  });

  test("an edit keeps what the wizard does not show (persona, UTM, notes)", () => {
    const base: Campaign = {
      ...toInput(filled),
      id: "c1",
      workspaceId: "w1",
      slug: "spring-trail-shoes",
      utm: {},
      platforms: [],
      persona: { countries: ["US"], genders: [], ages: [], os: [], interests: [] },
      notes: "keep",
      createdAt: "2027-01-01T00:00:00Z",
      updatedAt: "2027-01-01T00:00:00Z",
      version: 3,
    };
    const draft = draftOf(base);
    expect(draft.target).toBe("50000");
    const input = toInput({ ...draft, name: "Renamed" }, base);
    expect(input.name).toBe("Renamed");
    expect(input.persona?.countries).toEqual(["US"]);
    expect(input.notes).toBe("keep");
  });
});
