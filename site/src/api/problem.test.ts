import { describe, expect, test } from "vitest";
import { fieldFor, mapProblem, problemFrom, type Problem } from "./problem";

const invalid: Problem = {
  type: "about:blank",
  title: "Unprocessable Entity",
  status: 422,
  code: "invalid-input",
  detail: "Some fields are not valid; see errors.",
  errors: [
    { field: "goal.target", code: "out-of-range", message: "must be above 0: a goal needs a number to reach" },
    { field: "disclosureTags[1]", code: "invalid", message: "must be a hashtag such as #ad" },
    { field: "utm.source", code: "too-long", message: "is too long" },
  ],
};

describe("problems", () => {
  test("fieldFor picks the form field an error belongs to, down to array items and keys", () => {
    const fields = ["goal", "goal.target", "disclosureTags", "audience.countries"];
    expect(fieldFor("goal.target", fields)).toBe("goal.target");
    expect(fieldFor("goal.metric", fields)).toBe("goal");
    expect(fieldFor("disclosureTags[3]", fields)).toBe("disclosureTags");
    expect(fieldFor("audience.countries.US", fields)).toBe("audience.countries");
    expect(fieldFor("goalie", fields)).toBeUndefined();
  });

  test("mapProblem puts each error beside its field and the rest above the action", () => {
    const m = mapProblem(invalid, ["goal.target", "disclosureTags"]);
    expect(m.byField).toEqual({
      "goal.target": "Must be above 0: a goal needs a number to reach",
      disclosureTags: "Must be a hashtag such as #ad",
    });
    expect(m.rest).toEqual(["Some fields are not valid; see errors.", "utm.source: is too long"]);
  });

  test("a problem without field errors shows its detail", () => {
    const stale = problemFrom(412, { type: "about:blank", title: "Precondition Failed", status: 412, code: "stale-version", detail: "Someone changed this since you read it." });
    expect(mapProblem(stale, ["name"])).toEqual({ byField: {}, rest: ["Someone changed this since you read it."] });
  });

  test("all errors on the form's fields leave the detail out", () => {
    const m = mapProblem({ ...invalid, errors: invalid.errors!.slice(0, 1) }, ["goal.target"]);
    expect(m.rest).toEqual([]);
  });

  test("API Gateway's bare answers and network failures get words", () => {
    expect(problemFrom(401, { message: "Unauthorized" }).detail).toBe("Your sign-in has expired. Sign in again.");
    expect(problemFrom(500, { message: "Internal Server Error" }).detail).toMatch(/went wrong on our side/);
    expect(problemFrom(0, null).detail).toMatch(/could not be reached/);
    expect(problemFrom(418, null).detail).toBe("The request failed (418).");
  });

  test("no problem, nothing to show", () => {
    expect(mapProblem(null, ["name"])).toEqual({ byField: {}, rest: [] });
  });
});
