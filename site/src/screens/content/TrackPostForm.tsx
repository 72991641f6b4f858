import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem, mapProblem, type Problem } from "../../api/problem";
import type { components } from "../../api/schema";
import type { Campaign, PipelineMember } from "../../api/types";
import { useApp } from "../../app/context";
import { Field, FormAlert } from "../../ui/Field";
import type { Post } from "./posts";

const FIELDS = ["creatorId", "url", "postId", "platform"];

interface Props {
  campaign: Campaign;
  members: PipelineMember[];
  onTracked: (p: Post) => void;
}

/**
 * TrackPostForm starts tracking a creator's post from its link. Instagram links do not
 * carry the media id the platform's API needs, so for them the form also asks for it.
 */
export function TrackPostForm({ campaign, members, onTracked }: Props) {
  const { api, workspace } = useApp();
  const [creator, setCreator] = useState(members[0]?.creatorId ?? "");
  const [url, setUrl] = useState("");
  const [mediaId, setMediaId] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const errors = mapProblem(problem, FIELDS);
  const instagram = /instagram\.com/i.test(url) || !!errors.byField.postId;

  const track = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const post = await must(
        api.POST("/api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/posts", {
          params: { path: { ws: workspace.id, campaign: campaign.id, creator } },
          // The API reads the platform and the post id from the link; the document lists
          // them as fields of the input, so the form casts what it sends.
          body: (instagram && mediaId.trim() ? { url: url.trim(), postId: mediaId.trim() } : { url: url.trim() }) as components["schemas"]["tracking.PostInput"],
        }),
      );
      setProblem(null);
      setUrl("");
      setMediaId("");
      onTracked(post);
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={track} noValidate aria-labelledby="track-post-title">
      <h2 id="track-post-title">Track a post</h2>
      <div class="row">
        <Field name="creatorId" label="Creator" errors={errors} idPrefix="track">
          {(p) => (
            <select {...p} value={creator} onChange={(e) => setCreator((e.target as HTMLSelectElement).value)}>
              {members.map((m) => (
                <option key={m.creatorId} value={m.creatorId}>
                  {m.creatorName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="url" label="Post link" hint="A YouTube, TikTok or Instagram post." errors={errors} idPrefix="track">
          {(p) => <input {...p} type="url" value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} placeholder="https://www.tiktok.com/@handle/video/…" />}
        </Field>
        {instagram && (
          <Field name="postId" label="Instagram media id" hint="Instagram links do not carry the media id the platform needs to read the post; enter it here." errors={errors} idPrefix="track">
            {(p) => <input {...p} inputMode="numeric" value={mediaId} onInput={(e) => setMediaId((e.target as HTMLInputElement).value)} />}
          </Field>
        )}
      </div>
      <FormAlert errors={errors} />
      <div class="actions">
        <button type="submit" class="btn btn--primary" disabled={busy || !creator}>
          Track post
        </button>
      </div>
    </form>
  );
}
