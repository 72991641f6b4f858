import { describe, expect, test } from "vitest";
import { fmtMoney, fromMinor, label, minorDigits, toMinor } from "./format";

describe("formatting", () => {
  test("money is kept in minor units of its currency", () => {
    expect(minorDigits("USD")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(toMinor("1,250.50", "USD")).toBe(125050);
    expect(toMinor("1250", "JPY")).toBe(1250);
    expect(toMinor("", "USD")).toBe(0);
    expect(toMinor("12,5x", "USD")).toBeNaN();
    expect(fromMinor(125050, "USD")).toBe("1250.50");
    expect(fromMinor(50000, "USD")).toBe("500");
    expect(fmtMoney({ amount: 45000, currency: "USD" })).toContain("450.00");
  });

  test("API words read as words", () => {
    expect(label("unique_visitors")).toBe("Unique visitors");
    expect(label("tiktok")).toBe("TikTok");
  });
});
