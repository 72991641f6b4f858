import { figureText, type FigureSpec } from "./figures";
import type { Figures } from "./types";

/** FigureCells are a table row's cells for specs, one line per currency for money. */
export function FigureCells({ figures, specs, currency }: { figures: Figures; specs: FigureSpec[]; currency: string }) {
  return (
    <>
      {specs.map((spec) => (
        <td key={spec.key} class="num" data-label={spec.label}>
          {figureText(figures, spec, currency).map((l) => (
            <span key={l} class="cell-line">
              {l}
            </span>
          ))}
        </td>
      ))}
    </>
  );
}
