// @vitest-environment node
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { AGE_BRACKETS, COMPENSATION_MODELS, GOAL_METRICS, OBJECTIVES, OUTCOMES, STAGES, TIERS } from "./types";

// The OpenAPI document types these fields as plain strings, so the UI keeps the lists the
// Go domain accepts; this test reads them from the Go source to keep the two in step.
const repo = new URL("../../../", import.meta.url).pathname;

function goList(file: string, name: string): string[] {
  const src = readFileSync(repo + file, "utf8");
  const m = src.match(new RegExp(`var ${name} = \\[\\]\\w+\\{([^}]*)\\}`));
  if (!m) throw new Error(`${name} not found in ${file}`);
  return [...m[1].matchAll(/"([^"]+)"|\b([A-Z][a-z]+)\b/g)].map((x) => x[1] ?? x[2].toLowerCase());
}

describe("the UI's lists match the Go domain's", () => {
  test.each([
    ["shared/campaigns/pipeline.go", "Stages", STAGES],
    ["shared/campaigns/pipeline.go", "CompensationModels", COMPENSATION_MODELS],
    ["shared/campaigns/pipeline.go", "Outcomes", OUTCOMES],
    ["shared/campaigns/campaigns.go", "GoalMetrics", GOAL_METRICS],
    ["shared/campaigns/campaigns.go", "Objectives", OBJECTIVES],
    ["shared/creators/creators.go", "AgeBrackets", AGE_BRACKETS],
    ["shared/creators/creators.go", "Tiers", TIERS],
  ])("%s %s", (file, name, ours) => {
    expect([...ours]).toEqual(goList(file, name));
  });
});
