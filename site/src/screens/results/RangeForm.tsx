import { useEffect, useState } from "preact/hooks";
import { fmtDate } from "../../format";
import type { ResultsQuery } from "./Exports";

interface Props {
  /** shown is the range the API answered for. */
  shown: { from: string; to: string } | undefined;
  /** chosen is true when the marketer picked the range (not the campaign's own days). */
  chosen: boolean;
  onChange: (q: Pick<ResultsQuery, "from" | "to">) => void;
}

/** RangeForm picks the days the results cover; without a choice they are the campaign's own. */
export function RangeForm({ shown, chosen, onChange }: Props) {
  const [from, setFrom] = useState(shown?.from ?? "");
  const [to, setTo] = useState(shown?.to ?? "");
  const [error, setError] = useState("");
  // Once an answer arrives, the fields show the range it covers.
  useEffect(() => {
    if (!shown) return;
    setFrom(shown.from);
    setTo(shown.to);
  }, [shown?.from, shown?.to]);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!from || !to) return setError("Enter both days, or show the whole campaign.");
    if (to < from) return setError("The last day must not be before the first.");
    setError("");
    onChange({ from, to });
  };
  return (
    <form class="range" onSubmit={submit} aria-label="Period">
      <div class="field">
        <label for="range-from">From</label>
        <input id="range-from" type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for="range-to">To</label>
        <input id="range-to" type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
      </div>
      <button type="submit" class="btn">
        Show period
      </button>
      {chosen && (
        <button type="button" class="btn btn--link" onClick={() => onChange({})}>
          Whole campaign
        </button>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {shown && (
        <p class="muted small range__shown" aria-live="polite">
          Showing {fmtDate(shown.from)} – {fmtDate(shown.to)}
          {chosen ? "" : ", the campaign's days"}.
        </p>
      )}
    </form>
  );
}
