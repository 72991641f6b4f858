import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem } from "../../api/problem";
import type { RowError } from "../../api/types";
import { useApp } from "../../app/context";
import { Dialog } from "../../ui/Dialog";
import { batches, fileRow } from "./csv";

/** Rows per request: small enough for steady progress, large enough to stay quick. */
export const BATCH_ROWS = 50;

interface Progress {
  done: number;
  total: number;
  imported: number;
  rejected: RowError[];
}

/**
 * ImportDialog imports a CSV file in batches, showing progress as it goes and, at the end,
 * every rejected row with the reason, numbered as in the file (the header is row 1).
 */
export function ImportDialog({ onClose }: { onClose: (imported: boolean) => void }) {
  const { api, workspace } = useApp();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState("");

  const start = async (e: Event) => {
    e.preventDefault();
    if (!file) {
      setError("Choose a CSV file first.");
      return;
    }
    setError("");
    setRunning(true);
    const parts = batches(await file.text(), BATCH_ROWS);
    const total = parts.reduce((n, b) => n + b.size, 0);
    const p: Progress = { done: 0, total, imported: 0, rejected: [] };
    setProgress({ ...p });
    for (const b of parts) {
      try {
        const report = await must(
          api.POST("/api/workspaces/{ws}/creators/import", {
            params: { path: { ws: workspace.id } },
            body: b.body,
            // The body is the CSV text as is; JSON encoding would wrap it in quotes.
            bodySerializer: (body: string) => body,
            headers: { "Content-Type": "text/csv" },
          }),
        );
        p.imported += report.imported;
        p.rejected.push(...report.rejected.map((r) => ({ ...r, row: fileRow(r.row, b) })));
        p.done += b.size;
        setProgress({ ...p });
      } catch (err) {
        const problem = asProblem(err);
        const why = problem.errors?.map((x) => x.message).join(" ") || problem.detail;
        setError(`Rows ${b.offset + 2} to ${b.offset + b.size + 1} were not imported: ${why}${p.done > 0 ? ` The ${p.done} rows before them were.` : ""}`);
        break;
      }
    }
    setRunning(false);
  };

  const finished = progress && !running;
  return (
    <Dialog title="Import creators from CSV" onClose={() => onClose((progress?.imported ?? 0) > 0)}>
      <form onSubmit={start} noValidate>
        <p class="small">
          One creator per row, with a header row. Columns: name, tiktok, instagram, youtube, followers, avg_views,
          engagement_rate, active_share, country, topics, email, rate_per_post, currency, tags, lists, audience_female,
          audience_ios, audience_countries (US:0.6;GB:0.2), audience_ages (18-24:0.4), notes. Lists in a cell are
          separated by semicolons; shares may be written 0.6 or 60%.
        </p>
        <div class="field">
          <label for="import-file">CSV file</label>
          <input id="import-file" type="file" accept=".csv,text/csv" disabled={running} onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
        </div>
        {!progress && (
          <div class="actions">
            <button type="submit" class="btn btn--primary" disabled={running}>
              Import
            </button>
          </div>
        )}
      </form>
      {progress && (
        <div class="import-progress">
          <label for="import-bar">
            {running ? `Importing… ${progress.done} of ${progress.total} rows checked` : `${progress.done} of ${progress.total} rows checked`}
          </label>
          <progress id="import-bar" max={progress.total || 1} value={progress.done} />
        </div>
      )}
      {error && (
        <p class="alert" role="alert">
          {error}
        </p>
      )}
      {finished && <ImportReport progress={progress} />}
      {finished && (
        <div class="actions">
          <button type="button" class="btn btn--primary" onClick={() => onClose(progress.imported > 0)}>
            Done
          </button>
        </div>
      )}
    </Dialog>
  );
}

function ImportReport({ progress: p }: { progress: Progress }) {
  return (
    <section aria-labelledby="import-report" role="status">
      <h3 id="import-report">
        Imported {p.imported} of {p.total} rows
      </h3>
      {p.rejected.length > 0 && (
        <>
          <p>
            {p.rejected.length} row{p.rejected.length === 1 ? " was" : "s were"} not imported. Fix them in the file and
            import it again: rows already imported are recognised by their handles and reported as duplicates.
          </p>
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {p.rejected.flatMap((r) =>
                  r.errors.map((e, i) => (
                    <tr key={`${r.row}-${i}`}>
                      <td>{r.row}</td>
                      <td>{e.field}</td>
                      <td>{e.message}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
