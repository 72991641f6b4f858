import { fmtNumber } from "../../format";
import { ratioText } from "./figures";
import type { CreatorRow, Figures } from "./types";

/** missingDisclosure is the checked posts without the disclosure; null when not known. */
export function missingDisclosure(f: Figures): number | null {
  if (f.disclosureChecked === null || f.disclosureChecked === undefined) return null;
  if (f.disclosureCompliant === null || f.disclosureCompliant === undefined) return null;
  return f.disclosureChecked - f.disclosureCompliant;
}

const posts = (n: number) => `${fmtNumber(n)} ${n === 1 ? "post" : "posts"}`;

/**
 * Disclosure warns about posts live without the campaign's disclosure, from the results'
 * disclosure figures, and names the creators whose posts lack it.
 */
export function Disclosure({ figures, rows, tags }: { figures: Figures; rows: CreatorRow[]; tags: string[] }) {
  const missing = missingDisclosure(figures);
  const who = rows.filter((r) => (missingDisclosure(r.figures) ?? 0) > 0);
  return (
    <section class="card" aria-labelledby="disclosure-title">
      <h2 id="disclosure-title">Disclosure</h2>
      {missing === null ? (
        <p>No data: posts are not checked for disclosure yet, because post tracking is not connected.</p>
      ) : figures.disclosureChecked === 0 ? (
        <p>No live post has been checked for the disclosure yet. Posts are checked once they are tracked on the Content tab.</p>
      ) : missing === 0 ? (
        <p>
          All {posts(figures.disclosureChecked as number)} checked carry the disclosure ({ratioText(figures.disclosureCompliance)}).
        </p>
      ) : (
        <div class="alert alert--warn" role="alert">
          <p>
            <strong>
              {posts(missing)} of {fmtNumber(figures.disclosureChecked as number)} checked {missing === 1 ? "is" : "are"} missing the
              disclosure
            </strong>{" "}
            ({tags.join(" ")}). Ask the creator to add it: undisclosed paid posts break advertising rules.
          </p>
          {who.length > 0 && (
            <ul aria-label="Posts missing disclosure">
              {who.map((r) => (
                <li key={r.creatorId}>
                  {r.name}: {posts(missingDisclosure(r.figures) as number)} without disclosure
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
