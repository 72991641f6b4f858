import { useRef, useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem } from "../../api/problem";
import { useApp } from "../../app/context";
import { Dialog } from "../../ui/Dialog";

/**
 * PrintableReport fetches the printable post-mortem (GET …/postmortem/page, which needs the
 * bearer token like every route) and shows it in a frame to print. The frame is sandboxed
 * without scripts: the page has none, and what marketers typed can never run.
 */
export function PrintableReport({ campaignId }: { campaignId: string }) {
  const { api, workspace } = useApp();
  const [html, setHtml] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const frame = useRef<HTMLIFrameElement>(null);

  const open = async () => {
    setBusy(true);
    setError("");
    try {
      setHtml(
        await must(
          api.GET("/api/workspaces/{ws}/campaigns/{campaign}/postmortem/page", {
            params: { path: { ws: workspace.id, campaign: campaignId } },
            parseAs: "text",
          }),
        ),
      );
    } catch (err) {
      setError(asProblem(err).detail);
    }
    setBusy(false);
  };
  const newTab = () => {
    const url = URL.createObjectURL(new Blob([html ?? ""], { type: "text/html" }));
    window.open(url, "_blank", "noopener");
    // The new tab has read the document by then.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  return (
    <span class="inline">
      <button type="button" class="btn" disabled={busy} onClick={() => void open()}>
        {busy ? "Preparing the report…" : "Printable report"}
      </button>
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
      {html !== null && (
        <Dialog title="Printable report" onClose={() => setHtml(null)}>
          <iframe ref={frame} class="report-frame" title="Post-mortem report" sandbox="allow-same-origin allow-modals" srcdoc={html} />
          <div class="actions">
            <button type="button" class="btn btn--primary" onClick={() => frame.current?.contentWindow?.print()}>
              Print
            </button>
            <button type="button" class="btn" onClick={newTab}>
              Open in a new tab
            </button>
          </div>
        </Dialog>
      )}
    </span>
  );
}
