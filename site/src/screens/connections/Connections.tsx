import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { isAdmin, useApp } from "../../app/context";
import { navigate } from "../../app/router";
import { useLoad } from "../../app/useLoad";
import { Badge, EmptyState, ErrorNote, Loading } from "../../ui/widgets";
import { ConnectionForm } from "./ConnectionForm";
import { platform } from "./platforms";

/** Connections lists the shops whose orders are credited to creators, and adds new ones. */
export default function Connections() {
  const { api, workspace } = useApp();
  const ws = workspace.id;
  const list = useLoad(() => must(api.GET("/api/workspaces/{ws}/connections", { params: { path: { ws } } })).then((r) => r.items), [ws]);
  const [adding, setAdding] = useState(false);
  const admin = isAdmin(workspace);

  return (
    <section class="screen">
      <div class="screen__head">
        <h1>Shop connections</h1>
        {admin && !adding && (
          <button type="button" class="btn btn--primary" onClick={() => setAdding(true)}>
            Add a connection
          </button>
        )}
      </div>
      {adding && <ConnectionForm onCreated={(c) => navigate(`/w/${ws}/connections/${c.id}`)} onCancel={() => setAdding(false)} />}
      {list.error ? (
        <ErrorNote message={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="Loading connections" />
      ) : list.data.length === 0 ? (
        !adding && (
          <EmptyState title="No shop connected yet">
            <p>
              Connect your Shopify shop, WooCommerce store or Stripe account. Its order and refund webhooks then tell
              Hypetrack which orders used a creator's code or followed a creator's link, so revenue is credited to the
              right creator.
            </p>
            {admin ? (
              <button type="button" class="btn btn--primary" onClick={() => setAdding(true)}>
                Add a connection
              </button>
            ) : (
              <p class="muted">An admin of this workspace can add one.</p>
            )}
          </EmptyState>
        )
      ) : (
        <ul class="cards" aria-label="Connections">
          {list.data.map((c) => (
            <li key={c.id} class="card">
              <div class="card__head">
                <h2>
                  <a href={`#/w/${ws}/connections/${c.id}`}>{c.name || c.shop || platform(c.platform).name}</a>
                </h2>
                {c.disabled ? <Badge tone="muted">Disabled</Badge> : <Badge tone="good">Receiving</Badge>}
              </div>
              <p class="muted">
                {platform(c.platform).name}
                {c.shop && ` · ${c.shop}`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
