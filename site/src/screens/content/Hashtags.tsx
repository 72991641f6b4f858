import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem, mapProblem, type Problem } from "../../api/problem";
import type { components } from "../../api/schema";
import type { Campaign } from "../../api/types";
import { useApp } from "../../app/context";
import { useLoad } from "../../app/useLoad";
import { fmtCompact, fmtDate } from "../../format";
import { Field, FormAlert } from "../../ui/Field";
import { Badge, ErrorNote, Loading } from "../../ui/widgets";
import { trackingStatus } from "./posts";

type Hashtag = components["schemas"]["api.hashtagView"];

/**
 * Hashtags tracks the campaign's hashtags on Instagram, the one platform whose API reads
 * them: how many recent posts carry each tag, and their likes and comments.
 */
export function Hashtags({ campaign, editable }: { campaign: Campaign; editable: boolean }) {
  const { api, workspace } = useApp();
  const path = { ws: workspace.id, campaign: campaign.id };
  const tags = useLoad(() => must(api.GET("/api/workspaces/{ws}/campaigns/{campaign}/hashtags", { params: { path } })).then((r) => r.items), [workspace.id, campaign.id]);
  const [tag, setTag] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [stopError, setStopError] = useState("");
  const errors = mapProblem(problem, ["tag", "platform"]);
  const list = tags.data ?? [];

  const track = async (e: Event) => {
    e.preventDefault();
    try {
      const added = await must(api.POST("/api/workspaces/{ws}/campaigns/{campaign}/hashtags", { params: { path }, body: { platform: "instagram", tag: tag.trim() } }));
      setProblem(null);
      setTag("");
      tags.set([...list.filter((h) => h.id !== added.id), added]);
    } catch (err) {
      setProblem(asProblem(err));
    }
  };
  const stop = async (h: Hashtag) => {
    if (!confirm(`Stop tracking ${h.tag}? Its figures so far stay.`)) return;
    try {
      const stopped = await must(api.DELETE("/api/workspaces/{ws}/campaigns/{campaign}/hashtags/{hashtag}", { params: { path: { ...path, hashtag: h.id } } }));
      tags.set(list.map((x) => (x.id === stopped.id ? stopped : x)));
      setStopError("");
    } catch (err) {
      setStopError(asProblem(err).detail);
    }
  };

  return (
    <section class="card" aria-labelledby="hashtags-title">
      <h2 id="hashtags-title">Hashtags</h2>
      {tags.error ? (
        <ErrorNote message={tags.error} retry={tags.reload} />
      ) : !tags.data ? (
        <Loading what="Loading hashtags" />
      ) : list.length === 0 ? (
        <p class="muted">No hashtag tracked. Track the campaign's hashtag to see how many Instagram posts use it.</p>
      ) : (
        <ul class="plain-list hashtags" aria-label="Tracked hashtags">
          {list.map((h) => {
            const state = trackingStatus(h);
            return (
              <li key={h.id}>
                <span class="chip">{h.tag}</span> <Badge tone={state.tone}>{state.text}</Badge>{" "}
                {h.latest ? (
                  <span class="small">
                    {fmtCompact(h.latest.posts)} posts in the last {h.latest.windowHours} hours
                    {h.latest.likes != null && ` · ${fmtCompact(h.latest.likes)} likes`}
                    {h.latest.comments != null && ` · ${fmtCompact(h.latest.comments)} comments`}
                    <span class="muted"> · as of {fmtDate(h.latest.at)}</span>
                    {h.latest.simulated && (
                      <>
                        {" "}
                        <Badge tone="warn">Simulated data (replay provider)</Badge>
                      </>
                    )}
                  </span>
                ) : (
                  <span class="muted small">not pulled yet</span>
                )}{" "}
                {editable && !h.stoppedAt && (
                  <button type="button" class="btn btn--small btn--link" onClick={() => void stop(h)}>
                    Stop tracking {h.tag}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {stopError && (
        <p class="field-error" role="alert">
          {stopError}
        </p>
      )}
      {editable && (
        <form class="row row--end" onSubmit={track} noValidate>
          <Field name="tag" label="Hashtag on Instagram" errors={errors} idPrefix="hashtag">
            {(p) => <input {...p} value={tag} onInput={(e) => setTag((e.target as HTMLInputElement).value)} placeholder="#trailchallenge" />}
          </Field>
          <button type="submit" class="btn">
            Track hashtag
          </button>
        </form>
      )}
      <FormAlert errors={errors} />
    </section>
  );
}
