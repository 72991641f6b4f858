import { base64url } from "../auth/pkce";

/** fakeJwt builds an unsigned token with the given claims, for code that only reads claims. */
export function fakeJwt(claims: Record<string, unknown>): string {
  const enc = (v: unknown) => base64url(new TextEncoder().encode(JSON.stringify(v)));
  return `${enc({ alg: "RS256", kid: "test" })}.${enc(claims)}.c2ln`;
}
