import { useEffect, useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem, mapProblem, type Problem } from "../../api/problem";
import type { RankedCreator } from "../../api/types";
import { canEdit, useApp } from "../../app/context";
import { EmptyState, Loading } from "../../ui/widgets";
import { ExportButton } from "./ExportButton";
import { ImportDialog } from "./ImportDialog";
import { NO_FILTERS, toQuery, type Filters } from "./query";
import { FILTER_FIELDS, RosterFilters } from "./RosterFilters";
import { RosterTable } from "./RosterTable";
import { SelectionBar } from "./SelectionBar";

const PAGE = "50";

/** Roster is the workspace's creators: search, rank, bookmark, import and export. */
export default function Roster() {
  const { api, workspace } = useApp();
  const ws = workspace.id;
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [items, setItems] = useState<RankedCreator[] | null>(null);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [importing, setImporting] = useState(false);
  const [tick, setTick] = useState(0);
  const [lists, setLists] = useState<string[]>([]);
  const errors = mapProblem(problem, FILTER_FIELDS);

  const load = async (cursor?: string) => {
    try {
      const page = await must(api.GET("/api/workspaces/{ws}/creators", { params: { path: { ws }, query: { ...toQuery(filters), limit: PAGE, cursor } } }));
      setProblem(null);
      setItems((prev) => (cursor && prev ? [...prev, ...page.items] : page.items));
      setTotal(page.total);
      setNext(page.next);
      setLists((prev) => [...new Set([...prev, ...page.items.flatMap((c) => c.lists ?? [])])].sort());
    } catch (err) {
      setProblem(asProblem(err));
      setItems((prev) => prev ?? []);
    }
  };

  useEffect(() => {
    setSelected(new Set());
    void load();
    // load reads the filters of this render.
  }, [ws, filters, tick]);

  const refresh = () => setTick((n) => n + 1);
  const editable = canEdit(workspace);
  const filtered = Object.keys(toQuery(filters)).some((k) => k !== "sort");

  return (
    <section class="screen">
      <div class="screen__head">
        <h1>Creators</h1>
        <div class="actions">
          {editable && (
            <button type="button" class="btn btn--primary" onClick={() => setImporting(true)}>
              Import CSV
            </button>
          )}
          <ExportButton />
        </div>
      </div>
      <div class="roster">
        <RosterFilters value={filters} lists={lists} errors={errors} onSearch={setFilters} />
        <div class="roster__results">
          {errors.rest.length > 0 && (
            <div class="alert" role="alert">
              {errors.rest.map((m) => (
                <p key={m}>{m}</p>
              ))}
            </div>
          )}
          {items === null ? (
            <Loading what="Searching the roster" />
          ) : items.length === 0 && !filtered ? (
            <EmptyState title="Your roster is empty">
              <p>
                Import the creators you already track from a spreadsheet (CSV with a header row: name, tiktok,
                instagram, youtube, followers, avg_views, engagement_rate, country, topics, and more). Each row is
                checked; rows with mistakes are listed with the reason, and the rest are imported.
              </p>
              {editable && (
                <button type="button" class="btn btn--primary" onClick={() => setImporting(true)}>
                  Import CSV
                </button>
              )}
            </EmptyState>
          ) : items.length === 0 ? (
            <EmptyState title="No creator matches these filters">
              <p>Widen a range or clear a filter to see more creators.</p>
            </EmptyState>
          ) : (
            <>
              <p class="summary" role="status">
                {total} creator{total === 1 ? "" : "s"} match{total === 1 ? "es" : ""}
                {filters.sort === "impact" && ", ranked by impact score (reach × engagement × relevance − cost)"}
              </p>
              {editable && selected.size > 0 && (
                <SelectionBar
                  selected={items.filter((c) => selected.has(c.id))}
                  lists={lists}
                  onDone={() => {
                    setSelected(new Set());
                    refresh();
                  }}
                />
              )}
              <RosterTable items={items} selected={selected} selectable={editable} onSelect={setSelected} />
              {next && (
                <button type="button" class="btn" onClick={() => void load(next)}>
                  Show more ({total - items.length} left)
                </button>
              )}
            </>
          )}
        </div>
      </div>
      {importing && (
        <ImportDialog
          onClose={(imported) => {
            setImporting(false);
            if (imported) refresh();
          }}
        />
      )}
    </section>
  );
}
