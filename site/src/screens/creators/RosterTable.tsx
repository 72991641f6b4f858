import type { RankedCreator } from "../../api/types";
import { fmtCompact, fmtNumber, fmtPercent, label } from "../../format";

interface Props {
  items: RankedCreator[];
  selected: Set<string>;
  selectable: boolean;
  onSelect: (s: Set<string>) => void;
}

/** RosterTable lists search results; on a phone each row reads as a card. */
export function RosterTable({ items, selected, selectable, onSelect }: Props) {
  const toggle = (id: string) => {
    const s = new Set(selected);
    if (s.has(id)) s.delete(id);
    else s.add(id);
    onSelect(s);
  };
  const all = items.length > 0 && items.every((c) => selected.has(c.id));
  return (
    <div class="table-wrap">
      <table class="table table--cards">
        <thead>
          <tr>
            {selectable && (
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select all shown"
                  checked={all}
                  onChange={() => onSelect(all ? new Set() : new Set(items.map((c) => c.id)))}
                />
              </th>
            )}
            <th scope="col">Creator</th>
            <th scope="col">Tier</th>
            <th scope="col" class="num">
              Followers
            </th>
            <th scope="col" class="num">
              Avg views
            </th>
            <th scope="col" class="num">
              Engagement
            </th>
            <th scope="col" class="num">
              Impact
            </th>
            <th scope="col">Lists</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id} class={selected.has(c.id) ? "selected" : undefined}>
              {selectable && (
                <td>
                  <input type="checkbox" aria-label={`Select ${c.name}`} checked={selected.has(c.id)} onChange={() => toggle(c.id)} />
                </td>
              )}
              <th scope="row" data-label="Creator">
                <span class="who">{c.name}</span>
                <span class="muted small">
                  {Object.entries(c.handles)
                    .map(([p, h]) => `${label(p)} @${h}`)
                    .join(" · ")}
                  {c.country && ` · ${c.country}`}
                  {c.topics && c.topics.length > 0 && ` · ${c.topics.join(", ")}`}
                </span>
              </th>
              <td data-label="Tier">{label(c.tier)}</td>
              <td data-label="Followers" class="num" title={fmtNumber(c.followers)}>
                {fmtCompact(c.followers)}
              </td>
              <td data-label="Avg views" class="num">
                {fmtCompact(c.avgViews)}
              </td>
              <td data-label="Engagement" class="num">
                {fmtPercent(c.engagementRate, 1)}
              </td>
              <td data-label="Impact" class="num">
                {fmtCompact(Math.round(c.impactScore))}
              </td>
              <td data-label="Lists">
                {(c.lists ?? []).map((l) => (
                  <span key={l} class="chip chip--list">
                    ★ {l}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
