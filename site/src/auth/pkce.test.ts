import { describe, expect, test } from "vitest";
import { challengeOf, newVerifier, randomString } from "./pkce";

describe("PKCE", () => {
  test("the S256 challenge matches RFC 7636's worked example", async () => {
    expect(await challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  test("verifiers are 64 unreserved characters and differ each time", () => {
    const a = newVerifier();
    expect(a).toMatch(/^[A-Za-z0-9._~-]{64}$/);
    expect(newVerifier()).not.toBe(a);
  });

  test("randomString uses the whole unreserved alphabet", () => {
    const seen = new Set(randomString(5000));
    expect(seen.size).toBe(66);
  });
});
