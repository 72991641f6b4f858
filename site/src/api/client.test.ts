import { describe, expect, test, vi } from "vitest";
import { ifMatch, must, newApi } from "./client";
import { ApiError } from "./problem";

const json = (status: number, body: unknown, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });

function tokens(...ids: string[]) {
  let i = 0;
  return { idToken: vi.fn(async () => ids[Math.min(i, ids.length - 1)]), refresh: vi.fn(async () => void i++) };
}

describe("API client", () => {
  test("every call carries the ID token as a bearer token, to the configured API", async () => {
    const seen: Request[] = [];
    const api = newApi("https://api.example", tokens("id-1"), async (r) => (seen.push(r as Request), json(200, { items: [] })));
    const data = await must(api.GET("/api/workspaces"));
    expect(data).toEqual({ items: [] });
    expect(seen[0].url).toBe("https://api.example/api/workspaces");
    expect(seen[0].headers.get("Authorization")).toBe("Bearer id-1");
  });

  test("a 401 refreshes the token once and resends, body and all", async () => {
    const t = tokens("old", "new");
    const bodies: string[] = [];
    const auths: string[] = [];
    const api = newApi("https://api.example", t, async (r) => {
      const req = r as Request;
      auths.push(req.headers.get("Authorization")!);
      bodies.push(await req.text());
      return auths.length === 1 ? json(401, { message: "Unauthorized" }) : json(201, { id: "w1" });
    });
    const ws = await must(api.POST("/api/workspaces", { body: { name: "Trail Co" } as never }));
    expect(ws).toEqual({ id: "w1" });
    expect(auths).toEqual(["Bearer old", "Bearer new"]);
    expect(bodies).toEqual([`{"name":"Trail Co"}`, `{"name":"Trail Co"}`]);
    expect(t.refresh).toHaveBeenCalledTimes(1);
  });

  test("must throws the API's problem, fields and all", async () => {
    const problem = { type: "about:blank", title: "x", status: 422, code: "invalid-input", detail: "Some fields are not valid; see errors.", errors: [{ field: "name", code: "required", message: "is required" }] };
    const api = newApi("https://api.example", tokens("t"), async () => json(422, problem, "application/problem+json"));
    const err = await must(api.POST("/api/workspaces", { body: {} as never })).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(422);
    expect(err.problem.errors[0].field).toBe("name");
  });

  test("a network failure becomes a problem in words", async () => {
    const api = newApi("https://api.example", tokens("t"), async () => {
      throw new TypeError("Failed to fetch");
    });
    const err = await must(api.GET("/api/me")).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(0);
    expect(err.message).toMatch(/could not be reached/);
  });

  test("If-Match is the quoted version the API uses as ETag", () => {
    expect(ifMatch({ version: 7 })).toEqual({ "If-Match": '"7"' });
  });
});
