import type { ComponentChildren } from "preact";
import { fmtPercent } from "../format";

/** EmptyState says what is missing and what to do next. */
export function EmptyState({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="empty">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <p class="loading" role="status">
      {what}…
    </p>
  );
}

/** ErrorNote shows a failed load in words, with a way to try again. */
export function ErrorNote({ message, retry }: { message: string; retry?: () => void }) {
  return (
    <div class="alert" role="alert">
      <p>{message}</p>
      {retry && (
        <button type="button" class="btn btn--small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/**
 * Meter is a labelled bar for a share from 0 to 1. With no value it says so instead of
 * drawing an empty bar, so "no data" never reads as zero.
 */
export function Meter({ label, value, empty = "no data yet" }: { label: string; value: number | null | undefined; empty?: string }) {
  if (value === null || value === undefined) {
    return (
      <div class="meter meter--empty">
        <span class="meter__label">{label}</span>
        <span class="meter__none">{empty}</span>
      </div>
    );
  }
  const pct = Math.max(0, Math.min(1, value));
  return (
    <div class="meter">
      <span class="meter__label">{label}</span>
      <span
        class="meter__track"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct * 100)}
      >
        <span class="meter__fill" style={{ width: `${pct * 100}%` }} />
      </span>
      <span class="meter__value">{fmtPercent(value)}</span>
    </div>
  );
}

export function Badge({ tone = "neutral", children }: { tone?: "neutral" | "good" | "warn" | "muted"; children: ComponentChildren }) {
  return <span class={`badge badge--${tone}`}>{children}</span>;
}
