// Reading a JWT's claims in the browser. The signature is not checked here: the API's
// authorizer checks every token, and the UI only reads who is signed in and until when.

export interface IdClaims {
  sub: string;
  email?: string;
  exp: number;
  nonce?: string;
}

export function decodeClaims(token: string): IdClaims {
  const part = token.split(".")[1];
  if (!part) throw new Error("not a JWT");
  const b64 = part.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as IdClaims;
}
