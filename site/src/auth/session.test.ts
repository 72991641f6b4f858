// @vitest-environment happy-dom
import { beforeEach, describe, expect, test, vi } from "vitest";
import type { AuthConfig } from "../config";
import { fakeJwt } from "../test/jwt";
import { REFRESH_MARGIN_MS, Session, SignInError } from "./session";

const cfg: AuthConfig = {
  issuer: "https://idp.example",
  clientId: "ui-client",
  authorizeUrl: "https://idp.example/oauth2/authorize",
  tokenUrl: "https://idp.example/oauth2/token",
  logoutUrl: "https://idp.example/logout",
  redirectUri: "https://app.example/callback",
  logoutRedirectUri: "https://app.example/",
  scopes: ["openid", "email", "profile"],
};

const NOW = 1_800_000_000_000;

function tokenAnswer(claims: Record<string, unknown>, refresh?: string) {
  return new Response(
    JSON.stringify({ id_token: fakeJwt(claims), access_token: "access", refresh_token: refresh, expires_in: 3600, token_type: "Bearer" }),
    { status: 200, headers: { "Content-Type": "application/json" } },
  );
}

describe("Session", () => {
  let navigated: string[];
  let fetchFn: ReturnType<typeof vi.fn>;
  let session: Session;

  beforeEach(() => {
    sessionStorage.clear();
    navigated = [];
    fetchFn = vi.fn();
    session = new Session(cfg, { storage: sessionStorage, fetch: fetchFn as unknown as typeof fetch, navigate: (u) => navigated.push(u), now: () => NOW });
  });

  async function signedIn(exp = NOW / 1000 + 3600) {
    await session.signIn({ returnTo: "/w/1/creators" });
    const q = new URL(navigated[0]).searchParams;
    fetchFn.mockResolvedValueOnce(tokenAnswer({ sub: "u1", email: "lena@trail.example", exp, nonce: q.get("nonce") }, "refresh-1"));
    return session.completeSignIn(new URLSearchParams({ code: "the-code", state: q.get("state")! }));
  }

  test("signIn sends the browser to the issuer with a PKCE challenge, state and nonce", async () => {
    await session.signIn();
    const u = new URL(navigated[0]);
    expect(u.origin + u.pathname).toBe(cfg.authorizeUrl);
    const q = u.searchParams;
    expect(q.get("response_type")).toBe("code");
    expect(q.get("client_id")).toBe("ui-client");
    expect(q.get("redirect_uri")).toBe(cfg.redirectUri);
    expect(q.get("scope")).toBe("openid email profile");
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("state")).toHaveLength(32);
    expect(q.get("nonce")).toHaveLength(32);
  });

  test("sign-up goes to the hosted UI's /signup with the same request", async () => {
    await session.signIn({ signUp: true });
    const u = new URL(navigated[0]);
    expect(u.pathname).toBe("/signup");
    expect(u.searchParams.get("client_id")).toBe("ui-client");
  });

  test("completeSignIn redeems the code with the verifier and returns where the marketer was", async () => {
    expect(await signedIn()).toBe("/w/1/creators");
    const [url, init] = fetchFn.mock.calls[0];
    expect(url).toBe(cfg.tokenUrl);
    const form = new URLSearchParams(init.body);
    expect(form.get("grant_type")).toBe("authorization_code");
    expect(form.get("code")).toBe("the-code");
    expect(form.get("client_id")).toBe("ui-client");
    expect(form.get("code_verifier")).toMatch(/^[A-Za-z0-9._~-]{64}$/);
    expect(session.user()).toEqual({ sub: "u1", email: "lena@trail.example" });
    expect(session.tokens()?.expiresAt).toBe(NOW + 3600_000);
  });

  test("a callback with another state is refused and redeems nothing", async () => {
    await session.signIn();
    await expect(session.completeSignIn(new URLSearchParams({ code: "c", state: "forged" }))).rejects.toBeInstanceOf(SignInError);
    expect(fetchFn).not.toHaveBeenCalled();
    expect(session.tokens()).toBeNull();
  });

  test("an ID token for another nonce is refused", async () => {
    await session.signIn();
    const state = new URL(navigated[0]).searchParams.get("state")!;
    fetchFn.mockResolvedValueOnce(tokenAnswer({ sub: "u1", exp: NOW / 1000 + 3600, nonce: "other" }));
    await expect(session.completeSignIn(new URLSearchParams({ code: "c", state }))).rejects.toThrow(/does not belong/);
    expect(session.tokens()).toBeNull();
  });

  test("the issuer's error comes back in its own words", async () => {
    await session.signIn();
    await expect(session.completeSignIn(new URLSearchParams({ error: "access_denied", error_description: "The user said no." }))).rejects.toThrow("The user said no.");
  });

  test("idToken refreshes a token close to expiry and keeps the refresh token Cognito does not rotate", async () => {
    await signedIn(NOW / 1000 + 30);
    fetchFn.mockResolvedValueOnce(tokenAnswer({ sub: "u1", exp: NOW / 1000 + 3600 }));
    const fresh = await session.idToken();
    const form = new URLSearchParams(fetchFn.mock.calls[1][1].body);
    expect(form.get("grant_type")).toBe("refresh_token");
    expect(form.get("refresh_token")).toBe("refresh-1");
    expect(fresh).toBe(session.tokens()?.idToken);
    expect(session.tokens()?.refreshToken).toBe("refresh-1");
  });

  test("a token good for a while is used as is", async () => {
    await signedIn();
    await session.idToken();
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  test("concurrent refreshes share one request", async () => {
    await signedIn(NOW / 1000 + 30);
    fetchFn.mockResolvedValueOnce(tokenAnswer({ sub: "u1", exp: NOW / 1000 + 3600 }));
    await Promise.all([session.idToken(), session.idToken(), session.refresh()]);
    expect(fetchFn).toHaveBeenCalledTimes(2);
  });

  test("a refused refresh signs out and tells the listeners", async () => {
    await signedIn(NOW / 1000 + 30);
    const heard = vi.fn();
    session.subscribe(heard);
    fetchFn.mockResolvedValueOnce(new Response(JSON.stringify({ error: "invalid_grant" }), { status: 400 }));
    await expect(session.idToken()).rejects.toBeInstanceOf(SignInError);
    expect(session.tokens()).toBeNull();
    expect(heard).toHaveBeenCalled();
  });

  test("a network failure during refresh keeps the tokens for the next try", async () => {
    await signedIn(NOW / 1000 + 30);
    fetchFn.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await expect(session.refresh()).rejects.toThrow(/could not be reached/);
    expect(session.tokens()).not.toBeNull();
  });

  test("tokens are refreshed in the background before they expire", async () => {
    vi.useFakeTimers();
    try {
      await signedIn(NOW / 1000 + 3600);
      fetchFn.mockResolvedValueOnce(tokenAnswer({ sub: "u1", exp: NOW / 1000 + 7200 }));
      await vi.advanceTimersByTimeAsync(3600_000 - REFRESH_MARGIN_MS + 1);
      expect(fetchFn).toHaveBeenCalledTimes(2);
      expect(session.tokens()?.expiresAt).toBe(NOW + 7200_000);
    } finally {
      vi.useRealTimers();
    }
  });

  test("signOut forgets the tokens and ends the issuer's session", async () => {
    await signedIn();
    session.signOut();
    expect(session.tokens()).toBeNull();
    const u = new URL(navigated.at(-1)!);
    expect(u.origin + u.pathname).toBe(cfg.logoutUrl);
    expect(u.searchParams.get("client_id")).toBe("ui-client");
    expect(u.searchParams.get("logout_uri")).toBe(cfg.logoutRedirectUri);
  });
});
