import { useState } from "preact/hooks";
import { label as words } from "../../format";
import { FigureCells } from "./FigureCells";
import { COLUMNS, nextSort, parseSort, sortRows, type Sort } from "./leaderboard";
import type { CreatorRow } from "./types";

interface Props {
  rows: CreatorRow[];
  /** apiSort is the order the API ranked the rows by (leaderboard.sort). */
  apiSort: string;
  currency: string;
  /** onSort reports the new order, so an export can follow it. */
  onSort: (s: Sort) => void;
  onOpen: (row: CreatorRow) => void;
}

/**
 * Leaderboard is the campaign's creators by figure. Every header is a button that sorts by
 * its column, highest first, and turns the order round on a second press; creators with no
 * data for the figure stay last.
 */
export function Leaderboard({ rows, apiSort, currency, onSort, onOpen }: Props) {
  const [sort, setSort] = useState<Sort>(() => parseSort(apiSort).sort);
  const sorted = sortRows(rows, sort, currency);
  const by = (key: string) => {
    const s = nextSort(sort, key);
    setSort(s);
    onSort(s);
  };
  const header = (key: string, text: string, num: boolean) => {
    const active = sort.key === key;
    return (
      <th scope="col" class={num ? "num" : undefined} aria-sort={active ? (sort.desc ? "descending" : "ascending") : undefined}>
        <button type="button" class="sort" onClick={() => by(key)}>
          {text}
          <span aria-hidden="true">{active ? (sort.desc ? " ↓" : " ↑") : ""}</span>
        </button>
      </th>
    );
  };
  if (rows.length === 0) {
    return <p>No creators in the results yet. Creators count here once their deal stands (contracted or later on the Pipeline tab), or once they have data in this period.</p>;
  }
  return (
    <div class="table-wrap">
      <table class="table table--cards">
        <caption class="visually-hidden">Creator leaderboard</caption>
        <thead>
          <tr>
            {header("name", "Creator", false)}
            {COLUMNS.map((c) => header(c.key, c.label, true))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.creatorId}>
              <th scope="row" data-label="Creator">
                <button type="button" class="btn btn--link linkish" onClick={() => onOpen(r)} aria-label={`Figures of ${r.name}`}>
                  {r.name}
                </button>
                <span class="muted small">
                  {" "}
                  {words(r.stage)}
                  {r.archived && " · archived"}
                </span>
              </th>
              <FigureCells figures={r.figures} specs={COLUMNS} currency={currency} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
