import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem } from "../../api/problem";
import { isAdmin, useApp } from "../../app/context";
import type { ScreenProps } from "../../app/router";
import { useLoad } from "../../app/useLoad";
import { fmtDate } from "../../format";
import { CopyField } from "../../ui/CopyField";
import { Badge, ErrorNote, Loading } from "../../ui/widgets";
import { Deliveries } from "./Deliveries";
import { platform } from "./platforms";
import { SetupSteps } from "./SetupSteps";

/** ConnectionDetail shows the webhook URL to paste into the platform, how, and what arrived. */
export default function ConnectionDetail({ params }: ScreenProps) {
  const { api, workspace } = useApp();
  const path = { ws: workspace.id, connection: params.id };
  const conn = useLoad(() => must(api.GET("/api/workspaces/{ws}/connections/{connection}", { params: { path } })), [params.id]);
  const [error, setError] = useState("");
  if (conn.error) return <ErrorNote message={conn.error} retry={conn.reload} />;
  const c = conn.data;
  if (!c) return <Loading what="Loading the connection" />;
  const info = platform(c.platform);

  const disable = async () => {
    if (!confirm(`Stop accepting webhooks from ${c.name || c.shop}? Orders received so far stay.`)) return;
    try {
      // The answer is the bare connection; reload for the page's view with its reconciliation.
      await must(api.DELETE("/api/workspaces/{ws}/connections/{connection}", { params: { path } }));
      conn.reload();
    } catch (err) {
      setError(asProblem(err).detail);
    }
  };

  return (
    <section class="screen screen--narrow">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href={`#/w/${workspace.id}/connections`}>Shop connections</a>
      </nav>
      <div class="screen__head">
        <h1>
          {c.name || c.shop || info.name} {c.disabled ? <Badge tone="muted">Disabled</Badge> : <Badge tone="good">Receiving</Badge>}
        </h1>
      </div>
      <p class="muted">
        {info.name}
        {c.shop && ` · ${c.shop}`} · connected {fmtDate(c.createdAt)}
      </p>
      <CopyField id="webhook-url" label="Webhook URL" value={c.webhookUrl} />
      <SetupSteps platformId={c.platform} />
      <Deliveries connectionId={c.id} platformId={c.platform} />
      {isAdmin(workspace) && !c.disabled && (
        <div class="actions">
          <button type="button" class="btn btn--danger" onClick={() => void disable()}>
            Disable connection
          </button>
          {error && (
            <p class="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
