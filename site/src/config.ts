// The runtime configuration the stack writes to /config.json (shared/system/site.go
// SiteConfig): one build of the site runs against the local stack and the cloud alike.
export interface SiteConfig {
  apiUrl: string;
  linkUrl: string;
  auth: AuthConfig;
}

export interface AuthConfig {
  issuer: string;
  clientId: string;
  authorizeUrl: string;
  tokenUrl: string;
  logoutUrl: string;
  redirectUri: string;
  logoutRedirectUri: string;
  scopes: string[];
}

export async function loadConfig(fetchFn: typeof fetch = fetch): Promise<SiteConfig> {
  const res = await fetchFn("/config.json", { cache: "no-store" });
  if (!res.ok) {
    throw new Error(`The site's configuration (/config.json) answered ${res.status}.`);
  }
  const cfg = (await res.json()) as SiteConfig;
  const missing = ["apiUrl", "auth"].filter((k) => !(k in cfg));
  if (missing.length > 0 || !cfg.auth.authorizeUrl || !cfg.auth.tokenUrl || !cfg.auth.clientId) {
    throw new Error("The site's configuration (/config.json) lacks the API or sign-in settings.");
  }
  return { ...cfg, apiUrl: cfg.apiUrl.replace(/\/+$/, "") };
}
