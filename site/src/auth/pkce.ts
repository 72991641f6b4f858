// PKCE (RFC 7636) with S256, and the random values of an authorization request.

const UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/** randomString returns n characters drawn uniformly from RFC 3986's unreserved set. */
export function randomString(n: number): string {
  const out: string[] = [];
  // 66 symbols: reject bytes >= 198 (3 × 66) so every symbol is equally likely.
  while (out.length < n) {
    for (const b of crypto.getRandomValues(new Uint8Array(n * 2))) {
      if (b < 198 && out.length < n) out.push(UNRESERVED[b % 66]);
    }
  }
  return out.join("");
}

export function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** challengeOf is the S256 code challenge of a verifier: base64url(SHA-256(verifier)). */
export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** newVerifier returns a code verifier of 64 characters (RFC 7636 allows 43 to 128). */
export function newVerifier(): string {
  return randomString(64);
}
