// The typed API client: openapi-fetch over the types generated from docs/openapi.json,
// with the signed-in marketer's ID token on every call.

import createClient from "openapi-fetch";
import type { paths } from "./schema";
import { ApiError, problemFrom } from "./problem";

export type Api = ReturnType<typeof createClient<paths>>;

export interface TokenSource {
  idToken(): Promise<string>;
  refresh(): Promise<unknown>;
}

/**
 * newApi builds the client. A 401 means the token lapsed between check and use (or was
 * revoked): refresh once and resend; a second 401 is the caller's to show.
 */
export function newApi(baseUrl: string, tokens: TokenSource, fetchFn: typeof fetch = (r) => fetch(r)): Api {
  const authed = async (req: Request): Promise<Response> => {
    const retry = req.clone();
    req.headers.set("Authorization", `Bearer ${await tokens.idToken()}`);
    const res = await fetchFn(req);
    if (res.status !== 401) return res;
    await tokens.refresh();
    retry.headers.set("Authorization", `Bearer ${await tokens.idToken()}`);
    return fetchFn(retry);
  };
  return createClient<paths>({ baseUrl, fetch: authed });
}

type Result<D> = { data?: D; error?: unknown; response: Response };

/**
 * must awaits a call and returns its data, or throws an ApiError with the problem in
 * words. Network failures become a problem with status 0.
 */
export async function must<D>(call: Promise<Result<D>>): Promise<D> {
  let r: Result<D>;
  try {
    r = await call;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(problemFrom(0, null));
  }
  if (!r.response.ok) throw new ApiError(problemFrom(r.response.status, r.error));
  return r.data as D;
}

/**
 * ifMatch is the If-Match header for an update of a resource read before. The API's ETag is
 * the quoted version, which every resource also carries in its body; taking it from the
 * body needs no exposed response header when the API is on another origin.
 */
export function ifMatch(resource: { version: number }): { "If-Match": string } {
  return { "If-Match": `"${resource.version}"` };
}
