// Sign-in with OAuth 2.0's authorization code flow and PKCE, the same against Cognito's
// hosted UI and the local issuer: only the URLs in /config.json differ. Tokens live in
// sessionStorage, so a reload keeps the tab signed in and closing it forgets them.

import type { AuthConfig } from "../config";
import { decodeClaims } from "./jwt";
import { challengeOf, newVerifier, randomString } from "./pkce";

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** expiresAt is when the ID token stops being accepted, in ms since the epoch. */
  expiresAt: number;
}

interface PendingSignIn {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

export interface SessionDeps {
  storage: Storage;
  fetch: typeof fetch;
  navigate: (url: string) => void;
  now: () => number;
}

/** SignInError is a sign-in that did not complete, in words a marketer can act on. */
export class SignInError extends Error {}

const TOKENS_KEY = "hypetrack.tokens";
const PENDING_KEY = "hypetrack.signin";
/** Refresh this long before expiry, so no request leaves with a token about to lapse. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export class Session {
  private refreshing: Promise<Tokens> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<() => void>();

  constructor(
    private readonly cfg: AuthConfig,
    private readonly deps: SessionDeps,
  ) {}

  /** signIn sends the browser to the sign-in page (or the sign-up page) of the issuer. */
  async signIn(opts: { signUp?: boolean; returnTo?: string } = {}): Promise<void> {
    const pending: PendingSignIn = {
      verifier: newVerifier(),
      state: randomString(32),
      nonce: randomString(32),
      returnTo: opts.returnTo ?? "",
    };
    this.deps.storage.setItem(PENDING_KEY, JSON.stringify(pending));
    const q = new URLSearchParams({
      response_type: "code",
      client_id: this.cfg.clientId,
      redirect_uri: this.cfg.redirectUri,
      scope: this.cfg.scopes.join(" "),
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await challengeOf(pending.verifier),
      code_challenge_method: "S256",
    });
    // Cognito's hosted UI (and the local issuer) serve sign-up beside /oauth2/authorize and
    // take the same parameters, then come back with a code as a sign-in does.
    const base = opts.signUp ? new URL("/signup", this.cfg.authorizeUrl).toString() : this.cfg.authorizeUrl;
    this.deps.navigate(`${base}?${q}`);
  }

  /**
   * completeSignIn redeems the code the issuer sent back to the callback URL and returns
   * the place in the UI the marketer set out from.
   */
  async completeSignIn(params: URLSearchParams): Promise<string> {
    const raw = this.deps.storage.getItem(PENDING_KEY);
    this.deps.storage.removeItem(PENDING_KEY);
    if (params.get("error")) {
      throw new SignInError(params.get("error_description") || `The sign-in was refused (${params.get("error")}).`);
    }
    const pending = raw ? (JSON.parse(raw) as PendingSignIn) : null;
    if (!pending || params.get("state") !== pending.state) {
      throw new SignInError("This sign-in link is not the one this tab started, or it was used already. Sign in again.");
    }
    const code = params.get("code");
    if (!code) throw new SignInError("The sign-in came back without a code. Sign in again.");
    const tokens = await this.tokenRequest({
      grant_type: "authorization_code",
      code,
      redirect_uri: this.cfg.redirectUri,
      code_verifier: pending.verifier,
    });
    if (decodeClaims(tokens.idToken).nonce !== pending.nonce) {
      throw new SignInError("The sign-in answer does not belong to this request. Sign in again.");
    }
    this.store(tokens);
    return pending.returnTo;
  }

  tokens(): Tokens | null {
    const raw = this.deps.storage.getItem(TOKENS_KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  }

  /** user names the signed-in marketer, from the ID token. */
  user(): { sub: string; email: string } | null {
    const t = this.tokens();
    if (!t) return null;
    const c = decodeClaims(t.idToken);
    return { sub: c.sub, email: c.email ?? "" };
  }

  /** idToken returns an ID token good for a while yet, refreshing it first if needed. */
  async idToken(): Promise<string> {
    const t = this.tokens();
    if (!t) throw new SignInError("You are signed out.");
    if (t.expiresAt - this.deps.now() > 60_000) return t.idToken;
    return (await this.refresh()).idToken;
  }

  /** refresh trades the refresh token for new ID and access tokens; one at a time. */
  refresh(): Promise<Tokens> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(): Promise<Tokens> {
    const t = this.tokens();
    if (!t) throw new SignInError("You are signed out.");
    try {
      const fresh = await this.tokenRequest({ grant_type: "refresh_token", refresh_token: t.refreshToken });
      // Cognito does not rotate refresh tokens: the answer carries none, the old one stays.
      const tokens = { ...fresh, refreshToken: fresh.refreshToken || t.refreshToken };
      this.store(tokens);
      return tokens;
    } catch (err) {
      if (err instanceof SignInError) this.forget();
      throw err;
    }
  }

  /** signOut forgets the tokens and ends the issuer's session too. */
  signOut(): void {
    this.forget();
    const q = new URLSearchParams({ client_id: this.cfg.clientId, logout_uri: this.cfg.logoutRedirectUri });
    this.deps.navigate(`${this.cfg.logoutUrl}?${q}`);
  }

  /** subscribe calls fn whenever the tokens change or are forgotten. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** resume schedules the next refresh for tokens kept from before a reload. */
  resume(): void {
    const t = this.tokens();
    if (t) this.schedule(t);
  }

  private async tokenRequest(form: Record<string, string>): Promise<Tokens> {
    let res: Response;
    try {
      res = await this.deps.fetch(this.cfg.tokenUrl, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ ...form, client_id: this.cfg.clientId }),
      });
    } catch {
      // A network failure is not a refusal: keep the tokens, the next call tries again.
      throw new Error("The sign-in service could not be reached. Check the connection and try again.");
    }
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) {
      const why = typeof body.error_description === "string" ? body.error_description : String(body.error ?? res.status);
      throw new SignInError(`The sign-in service refused: ${why}`);
    }
    if (typeof body.id_token !== "string" || typeof body.access_token !== "string") {
      throw new SignInError("The sign-in service answered without the tokens this site needs.");
    }
    return {
      idToken: body.id_token,
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : "",
      // The ID token's own exp is the authority; expires_in describes the access token.
      expiresAt: decodeClaims(body.id_token).exp * 1000,
    };
  }

  private store(t: Tokens): void {
    this.deps.storage.setItem(TOKENS_KEY, JSON.stringify(t));
    this.schedule(t);
    this.emit();
  }

  private forget(): void {
    clearTimeout(this.timer);
    this.deps.storage.removeItem(TOKENS_KEY);
    this.emit();
  }

  private schedule(t: Tokens): void {
    clearTimeout(this.timer);
    const wait = Math.max(0, t.expiresAt - REFRESH_MARGIN_MS - this.deps.now());
    this.timer = setTimeout(() => {
      // A failed background refresh is retried by the next API call; a refusal signs out
      // and the listeners show the sign-in screen.
      this.refresh().catch(() => undefined);
    }, wait);
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}
