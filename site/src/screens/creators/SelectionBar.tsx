import { useState } from "preact/hooks";
import { ifMatch, must } from "../../api/client";
import { asProblem } from "../../api/problem";
import { creatorUpdate, type RankedCreator } from "../../api/types";
import { useApp } from "../../app/context";
import { useLoad } from "../../app/useLoad";

interface Props {
  selected: RankedCreator[];
  lists: string[];
  onDone: () => void;
}

/** SelectionBar acts on the selected creators: bookmark them in a list, or add them to a campaign. */
export function SelectionBar({ selected, lists, onDone }: Props) {
  const { api, workspace } = useApp();
  const ws = workspace.id;
  const campaigns = useLoad(() => must(api.GET("/api/workspaces/{ws}/campaigns", { params: { path: { ws } } })).then((r) => r.items), [ws]);
  const [list, setList] = useState("Favourites");
  const [campaign, setCampaign] = useState("");
  const [progress, setProgress] = useState("");
  const [failures, setFailures] = useState<string[]>([]);

  // Each creator is read and written back with its version, so a change made meanwhile by
  // someone else is reported rather than overwritten.
  const run = async (what: string, act: (c: RankedCreator) => Promise<unknown>) => {
    const failed: string[] = [];
    for (const [i, c] of selected.entries()) {
      setProgress(`${what} ${i + 1} of ${selected.length}…`);
      try {
        await act(c);
      } catch (err) {
        failed.push(`${c.name}: ${asProblem(err).detail}`);
      }
    }
    setProgress("");
    setFailures(failed);
    if (failed.length === 0) onDone();
  };

  const setInList = (add: boolean) =>
    run(add ? "Adding" : "Removing", async (c) => {
      const cur = await must(api.GET("/api/workspaces/{ws}/creators/{creator}", { params: { path: { ws, creator: c.id } } }));
      const lists = add ? [...new Set([...cur.lists, list.trim()])] : cur.lists.filter((l) => l !== list.trim());
      await must(
        api.PATCH("/api/workspaces/{ws}/creators/{creator}", {
          params: { path: { ws, creator: c.id }, header: ifMatch(cur) },
          body: { ...creatorUpdate(cur), lists },
        }),
      );
    });

  const addToCampaign = () => {
    const id = campaign || campaigns.data?.[0]?.id;
    if (!id) return;
    return run("Adding", (c) =>
      must(api.POST("/api/workspaces/{ws}/campaigns/{campaign}/creators", { params: { path: { ws, campaign: id } }, body: { creatorId: c.id, stage: "" } })),
    );
  };

  return (
    <div class="selection" role="region" aria-label="Selected creators">
      <p>
        <strong>{selected.length} selected</strong>
      </p>
      <div class="row row--end">
        <label>
          List name
          <input list="known-lists" value={list} onInput={(e) => setList((e.target as HTMLInputElement).value)} />
          <datalist id="known-lists">
            {lists.map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
        </label>
        <button type="button" class="btn" disabled={!list.trim() || !!progress} onClick={() => void setInList(true)}>
          Add to list
        </button>
        <button type="button" class="btn btn--link" disabled={!list.trim() || !!progress} onClick={() => void setInList(false)}>
          Remove from list
        </button>
      </div>
      {campaigns.data && campaigns.data.length > 0 && (
        <div class="row row--end">
          <label>
            Campaign
            <select value={campaign} onChange={(e) => setCampaign((e.target as HTMLSelectElement).value)}>
              {campaigns.data.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="btn" disabled={!!progress} onClick={() => void addToCampaign()}>
            Add to campaign
          </button>
        </div>
      )}
      {progress && <p role="status">{progress}</p>}
      {failures.length > 0 && (
        <div class="alert" role="alert">
          {failures.map((f) => (
            <p key={f}>{f}</p>
          ))}
        </div>
      )}
    </div>
  );
}
