// RFC 9457 problem documents as the API writes them (shared/httpapi), and their mapping
// onto the fields of a form, so every error is shown in words next to its cause.

import type { components } from "./schema";

export type Problem = components["schemas"]["api.problemDoc"];
export type FieldError = NonNullable<Problem["errors"]>[number];

/** ApiError is a failed API call, carrying the problem the API answered. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
  get status(): number {
    return this.problem.status;
  }
}

const byStatus: Record<number, string> = {
  0: "Hypetrack could not be reached. Check the connection and try again.",
  401: "Your sign-in has expired. Sign in again.",
  403: "Your role in this workspace does not allow this.",
  404: "There is nothing here, or you may not see it.",
  429: "Too many requests at once. Wait a moment and try again.",
  500: "Something went wrong on our side. Try again; if it keeps happening, tell us what you were doing.",
  502: "Hypetrack is not answering right now. Try again in a moment.",
  503: "Hypetrack is busy. Try again in a moment.",
  504: "Hypetrack took too long to answer. Try again in a moment.",
};

/**
 * problemFrom turns any error answer into a problem: the API's own problem documents pass
 * through; API Gateway's bare {"message": ...} answers and network failures get words.
 */
export function problemFrom(status: number, body: unknown): Problem {
  if (isProblem(body)) return body;
  const detail = byStatus[status] ?? byStatus[Math.floor(status / 100) * 100] ?? `The request failed (${status}).`;
  return { type: "about:blank", title: "Request failed", status, code: status === 0 ? "network" : "http-" + status, detail };
}

function isProblem(v: unknown): v is Problem {
  return typeof v === "object" && v !== null && typeof (v as Problem).detail === "string" && typeof (v as Problem).code === "string";
}

/** sentence capitalizes the API's field messages ("must be above 0") for display. */
export function sentence(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/**
 * fieldFor finds the form field an error belongs to: the longest name in fields that is
 * the error's field or a parent of it ("disclosureTags[1]" and "goal.target" belong to
 * "disclosureTags" and "goal.target"; "audience.countries.US" to "audience.countries").
 */
export function fieldFor(errorField: string, fields: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const f of fields) {
    const parent = errorField === f || errorField.startsWith(f + ".") || errorField.startsWith(f + "[");
    if (parent && (!best || f.length > best.length)) best = f;
  }
  return best;
}

export interface MappedProblem {
  /** byField holds one message per form field, for the text beside it. */
  byField: Record<string, string>;
  /** rest are sentences for the form as a whole: the detail when no field explains it, and errors of fields the form does not show. */
  rest: string[];
}

export function mapProblem(problem: Problem | null, fields: readonly string[]): MappedProblem {
  const out: MappedProblem = { byField: {}, rest: [] };
  if (!problem) return out;
  for (const e of problem.errors ?? []) {
    const f = fieldFor(e.field, fields);
    if (f) {
      out.byField[f] = out.byField[f] ? `${out.byField[f]} ${sentence(e.message)}` : sentence(e.message);
    } else {
      out.rest.push(`${e.field}: ${e.message}`);
    }
  }
  if (Object.keys(out.byField).length === 0 || out.rest.length > 0) out.rest.unshift(problem.detail);
  return out;
}

/** asProblem gives any thrown value the problem shape the forms display. */
export function asProblem(err: unknown): Problem {
  if (err instanceof ApiError) return err.problem;
  const detail = err instanceof Error ? err.message : String(err);
  return { type: "about:blank", title: "Error", status: 0, code: "client", detail };
}
