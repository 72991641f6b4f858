import { figureText, NO_DATA, type FigureSpec } from "./figures";
import type { Figures } from "./types";

interface Props {
  figures: Figures;
  specs: FigureSpec[];
  /** currency is the campaign's, listed first among money figures' currencies. */
  currency: string;
  /** label names the list for screen readers, such as "Headline figures". */
  label: string;
}

/**
 * FigureTiles writes figures as labelled tiles in a description list: the label, then the
 * value (one line per currency for money, "no data" without a value).
 */
export function FigureTiles({ figures, specs, currency, label }: Props) {
  return (
    <dl class="tiles" aria-label={label}>
      {specs.map((s) => {
        const lines = figureText(figures, s, currency);
        const none = lines.length === 1 && lines[0] === NO_DATA;
        return (
          <div key={s.key} class={none ? "tile tile--none" : "tile"}>
            <dt>
              {s.label}
              {s.hint && <span class="tile__hint">{s.hint}</span>}
            </dt>
            {lines.map((l) => (
              <dd key={l}>{l}</dd>
            ))}
          </div>
        );
      })}
    </dl>
  );
}
