// @vitest-environment node
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";

const site = new URL("../../", import.meta.url).pathname;

test("the committed API types are generated from the current docs/openapi.json (npm run gen)", () => {
  const out = join(mkdtempSync(join(tmpdir(), "hypetrack-gen-")), "schema.d.ts");
  execFileSync(join(site, "node_modules/.bin/openapi-typescript"), ["../docs/openapi.json", "-o", out], { cwd: site, stdio: "pipe" });
  const committed = readFileSync(join(site, "src/api/schema.d.ts"), "utf8");
  expect(committed === readFileSync(out, "utf8"), "src/api/schema.d.ts is stale: run `npm run gen` in site/").toBe(true);
  // The generator starts a Node process of its own: slow beside the other tests on 2 cores.
}, 30_000);
