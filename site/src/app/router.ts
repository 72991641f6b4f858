// Hash routes (#/w/<workspace>/campaigns). Paths at the site's root belong to tracking
// links (/{code}), on the same origin in the local stack, so the UI keeps its own
// locations after the #: any static host serves them, and no link code can clash.

import { useEffect, useState } from "preact/hooks";

export function currentPath(): string {
  return location.hash.replace(/^#/, "") || "/";
}

/** usePath re-renders on every change of the hash and returns the path in it. */
export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const on = () => setPath(currentPath());
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return path;
}

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) {
    history.replaceState(history.state, "", `#${path}`);
    dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    location.hash = path;
  }
}

/**
 * match reads a path against a pattern such as "/w/:ws/campaigns/:id"; it returns the
 * named segments, or null when the path does not fit.
 */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split(/[?#]/)[0].split("/").filter(Boolean);
  if (p.length !== s.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(":")) out[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return out;
}

/** ScreenProps are what every routed screen gets: the named segments of its path. */
export interface ScreenProps {
  params: Record<string, string>;
}
