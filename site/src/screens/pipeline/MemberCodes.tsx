import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem, mapProblem, type Problem } from "../../api/problem";
import type { Campaign, Connection, PipelineMember } from "../../api/types";
import { useApp } from "../../app/context";
import { useLoad } from "../../app/useLoad";
import { Field, FormAlert } from "../../ui/Field";

/**
 * useShops loads the workspace's enabled shop connections, which coupon codes belong to;
 * undefined until they arrive (or when they could not be read).
 */
export function useShops(): Connection[] | undefined {
  const { api, workspace } = useApp();
  return useLoad(
    () => must(api.GET("/api/workspaces/{ws}/connections", { params: { path: { ws: workspace.id } } })).then((r) => r.items.filter((c) => !c.disabled)),
    [workspace.id],
  ).data;
}

interface Props {
  member: PipelineMember;
  campaign: Campaign;
  editable: boolean;
  /** shops are the enabled connections (useShops), loaded once by the screen. */
  shops: Connection[] | undefined;
  onChange: (m: PipelineMember) => void;
  /** idPrefix keeps ids unique when several creators' codes share a page. */
  idPrefix?: string;
}

/** MemberCodes lists a campaign creator's coupon codes, assigns new ones and takes them back. */
export function MemberCodes({ member: m, campaign, editable, shops, onChange, idPrefix = "codes" }: Props) {
  const { api, workspace } = useApp();
  const [code, setCode] = useState("");
  const [connection, setConnection] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const errors = mapProblem(problem, ["code", "connectionId"]);
  const path = { ws: workspace.id, campaign: campaign.id, creator: m.creatorId };
  const list = shops ?? [];
  const shopName = (id: string) => {
    const s = list.find((c) => c.id === id);
    return s ? s.name || s.shop : "a removed connection";
  };

  const assign = async (e: Event) => {
    e.preventDefault();
    try {
      const updated = await must(
        api.POST("/api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/codes", {
          params: { path },
          body: { code, connectionId: connection || list[0]?.id || "" },
        }),
      );
      setProblem(null);
      setCode("");
      onChange(updated);
    } catch (err) {
      setProblem(asProblem(err));
    }
  };
  const release = async (c: string) => {
    try {
      onChange(await must(api.DELETE("/api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/codes/{code}", { params: { path: { ...path, code: c } } })));
      setProblem(null);
    } catch (err) {
      setProblem(asProblem(err));
    }
  };

  return (
    <section aria-labelledby={`${idPrefix}-title`}>
      <h3 id={`${idPrefix}-title`}>Coupon codes</h3>
      {m.codes.length === 0 ? (
        <p class="muted">No code yet. A unique code per creator credits them with the orders that use it.</p>
      ) : (
        <ul class="plain-list">
          {m.codes.map((c) => (
            <li key={c.code}>
              <span class="chip">{c.code}</span> <span class="muted small">on {shopName(c.connectionId)}</span>{" "}
              {editable && (
                <button type="button" class="btn btn--small btn--link" onClick={() => void release(c.code)}>
                  Take back
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable &&
        (shops && list.length === 0 ? (
          <p class="muted">
            Codes belong to a shop. <a href={`#/w/${workspace.id}/connections`}>Connect a shop</a> first.
          </p>
        ) : (
          <form class="row row--end" onSubmit={assign} noValidate>
            <Field name="code" label="New code" errors={errors} idPrefix={idPrefix}>
              {(p) => <input {...p} value={code} onInput={(e) => setCode((e.target as HTMLInputElement).value)} placeholder="LENA15" />}
            </Field>
            {list.length > 1 && (
              <Field name="connectionId" label="Shop" errors={errors} idPrefix={idPrefix}>
                {(p) => (
                  <select {...p} value={connection} onChange={(e) => setConnection((e.target as HTMLSelectElement).value)}>
                    {list.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name || s.shop}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            <button type="submit" class="btn">
              Assign code
            </button>
          </form>
        ))}
      <FormAlert errors={errors} />
    </section>
  );
}
