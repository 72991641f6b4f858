import type { Sources } from "./types";

const MISSING: Array<[keyof Sources, string]> = [
  ["traffic", "Clicks and visitors: the tracking links' click counts are not connected yet."],
  ["sales", "Orders, revenue and commission: the shops' order counts are not connected yet."],
  ["content", "Views, engagement and disclosure: post tracking is not connected yet."],
];

/**
 * SourcesNote says, in words, which sources the API reports missing: their figures read
 * "no data", which is not zero.
 */
export function SourcesNote({ sources }: { sources: Sources }) {
  const missing = MISSING.filter(([k]) => !sources[k]);
  if (missing.length === 0) return null;
  return (
    <section class="notice" aria-labelledby="sources-title">
      <h3 id="sources-title">Some figures have no data yet</h3>
      <ul>
        {missing.map(([k, text]) => (
          <li key={k}>{text}</li>
        ))}
      </ul>
      <p class="muted small">Those figures read “no data” rather than zero until Hypetrack receives their counts.</p>
    </section>
  );
}
