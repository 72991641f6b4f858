import { useEffect, useState } from "preact/hooks";
import type { Api } from "../api/client";
import type { Session } from "../auth/session";
import type { SiteConfig } from "../config";
import { SignedOut } from "./SignedOut";
import { Workspaces } from "./Workspaces";

interface Props {
  config: SiteConfig;
  session: Session;
  api: Api;
  signInError: string | null;
}

/** Root shows the sign-in screen until there are tokens, then the workspaces. */
export function Root({ config, session, api, signInError }: Props) {
  const [signedIn, setSignedIn] = useState(() => session.tokens() !== null);
  useEffect(() => session.subscribe(() => setSignedIn(session.tokens() !== null)), [session]);
  if (!signedIn) return <SignedOut session={session} error={signInError} />;
  return <Workspaces config={config} session={session} api={api} />;
}
