import { useState } from "preact/hooks";
import type { Session } from "../auth/session";
import { currentPath } from "./router";

/** SignedOut is the front door: sign in, or create an account, at the issuer. */
export function SignedOut({ session, error }: { session: Session; error: string | null }) {
  const [busy, setBusy] = useState(false);
  const go = (signUp: boolean) => {
    setBusy(true);
    const here = currentPath();
    void session.signIn({ signUp, returnTo: here === "/" ? "" : here });
  };
  return (
    <main class="front">
      <div class="front__card">
        <p class="brand">Hypetrack</p>
        <h1>Influencer campaigns you can measure</h1>
        <p>
          Plan each campaign around a goal, pick creators whose audience matches your buyers, and see which creator
          drove which clicks, orders and revenue.
        </p>
        {error && (
          <p class="alert" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="button" class="btn btn--primary" disabled={busy} onClick={() => go(false)}>
            Sign in
          </button>
          <button type="button" class="btn" disabled={busy} onClick={() => go(true)}>
            Create an account
          </button>
        </div>
      </div>
    </main>
  );
}
