import { must } from "../../api/client";
import type { components } from "../../api/schema";
import { useApp } from "../../app/context";
import { useLoad } from "../../app/useLoad";
import { fmtNumber } from "../../format";
import { Badge, ErrorNote, Loading } from "../../ui/widgets";
import { platform } from "./platforms";

type Delivery = components["schemas"]["orderflow.DeliveryView"];

const OUTCOMES: Record<string, [string, "good" | "warn" | "muted" | "neutral"]> = {
  applied: ["Accepted", "good"],
  unchanged: ["Accepted, nothing changed", "neutral"],
  already_applied: ["Duplicate, already applied", "muted"],
  retrying: ["Failed, retrying", "warn"],
  dead_lettered: ["Failed, not retried", "warn"],
};

/** outcomeText names what became of a delivery, with why it failed when it did. */
export function outcomeText(d: Pick<Delivery, "outcome" | "error" | "attempts">): string {
  const base = OUTCOMES[d.outcome]?.[0] ?? d.outcome;
  if (!d.error) return base;
  const tries = d.attempts ? ` after ${d.attempts} ${d.attempts === 1 ? "attempt" : "attempts"}` : "";
  return `${base}${tries}: ${d.error}`;
}

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/**
 * Deliveries is a connection's delivery log (GET …/connections/{connection}/deliveries): its
 * recent webhooks and what became of each, duplicates counted, rejections with their reasons.
 */
export function Deliveries({ connectionId, platformId }: { connectionId: string; platformId: string }) {
  const { api, workspace } = useApp();
  const log = useLoad(
    () =>
      must(
        api.GET("/api/workspaces/{ws}/connections/{connection}/deliveries", {
          params: { path: { ws: workspace.id, connection: connectionId } },
        }),
      ),
    [workspace.id, connectionId],
  );
  const head = (
    <div class="screen__head">
      <h2 id="deliveries-title">Webhook deliveries</h2>
      <button type="button" class="btn btn--small" onClick={log.reload} disabled={log.loading}>
        {log.loading ? "Refreshing…" : "Refresh"}
      </button>
    </div>
  );
  const body = () => {
    if (log.error) return <ErrorNote message={log.error} retry={log.reload} />;
    const d = log.data;
    if (!d) return <Loading what="Loading deliveries" />;
    const empty = d.items.length === 0 && d.rejections.length === 0 && d.duplicates === 0;
    if (empty) {
      return (
        <div class="empty empty--small">
          <h3>No webhook received yet</h3>
          <p>{platform(platformId).testHint}</p>
          <p class="muted small">Then press Refresh: each delivery shows here with what became of it.</p>
        </div>
      );
    }
    return (
      <>
        <p>
          {fmtNumber(d.duplicates)} {d.duplicates === 1 ? "duplicate" : "duplicates"} ignored (a delivery of an event received
          before){d.lastDuplicateAt && `, the latest on ${when(d.lastDuplicateAt)}`}. {fmtNumber(d.rejected)} rejected.
        </p>
        {d.items.length > 0 && (
          <div class="table-wrap">
            <table class="table table--cards">
              <caption class="visually-hidden">Recent deliveries</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Event</th>
                  <th scope="col">Order</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((it) => (
                  <tr key={it.key}>
                    <th scope="row" data-label="Received">
                      {when(it.receivedAt)}
                      {it.source === "reconciliation" && <span class="muted small"> · recovered by reconciliation</span>}
                    </th>
                    <td data-label="Event">{it.topic}</td>
                    <td data-label="Order" class="wrap">
                      {it.orderId || "–"}
                    </td>
                    <td data-label="Outcome">
                      <Badge tone={OUTCOMES[it.outcome]?.[1] ?? "neutral"}>{outcomeText(it)}</Badge>
                      {it.summary && <span class="muted small cell-line">{it.summary}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {d.rejections.length > 0 && (
          <>
            <h3>Rejected deliveries</h3>
            <ul class="plain-list" aria-label="Rejected deliveries">
              {d.rejections.map((r, i) => (
                <li key={`${r.at}-${i}`}>
                  <strong>{when(r.at)}</strong>
                  {r.topic && ` · ${r.topic}`} · refused ({r.status}): {r.reason}
                </li>
              ))}
            </ul>
          </>
        )}
      </>
    );
  };
  return (
    <section class="card" aria-labelledby="deliveries-title">
      {head}
      {body()}
    </section>
  );
}
