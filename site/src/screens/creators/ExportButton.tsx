import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem } from "../../api/problem";
import { useApp } from "../../app/context";

/** ExportButton downloads the whole roster as CSV, for spreadsheets and client reports. */
export function ExportButton() {
  const { api, workspace } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const download = async () => {
    setBusy(true);
    setError("");
    try {
      const blob = await must(api.GET("/api/workspaces/{ws}/creators/export", { params: { path: { ws: workspace.id } }, parseAs: "blob" }));
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `${workspace.name.replace(/[^\w-]+/g, "-").toLowerCase()}-creators.csv`;
      a.click();
      // The click has handed the file to the browser; the object URL can go.
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      setError(asProblem(err).detail);
    }
    setBusy(false);
  };
  return (
    <span class="inline">
      <button type="button" class="btn" disabled={busy} onClick={() => void download()}>
        {busy ? "Preparing CSV…" : "Export CSV"}
      </button>
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
