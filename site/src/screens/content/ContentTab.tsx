import { useState } from "preact/hooks";
import { must } from "../../api/client";
import { canEdit, useApp } from "../../app/context";
import { NotReady } from "../../app/NotReady";
import { useLoad } from "../../app/useLoad";
import { label } from "../../format";
import { EmptyState } from "../../ui/widgets";
import type { TabProps } from "../campaign/CampaignScreen";
import { Hashtags } from "./Hashtags";
import { PostTable } from "./PostTable";
import { missingDisclosure, type Post } from "./posts";
import { TrackPostForm } from "./TrackPostForm";

/**
 * ContentTab is the campaign's "Content": the creators' tracked posts with their latest
 * figures, trend and disclosure, each post's figures over time, and tracked hashtags.
 */
export default function ContentTab({ campaign }: TabProps) {
  const { api, workspace } = useApp();
  const path = { ws: workspace.id, campaign: campaign.id };
  const [withStopped, setWithStopped] = useState(false);
  const members = useLoad(
    () => must(api.GET("/api/workspaces/{ws}/campaigns/{campaign}/creators", { params: { path } })).then((r) => r.items),
    [workspace.id, campaign.id],
  );
  const posts = useLoad(
    () => must(api.GET("/api/workspaces/{ws}/campaigns/{campaign}/posts", { params: { path, query: withStopped ? { stopped: "include" } : {} } })).then((r) => r.items),
    [workspace.id, campaign.id, withStopped],
  );
  const [announce, setAnnounce] = useState("");
  const editable = canEdit(workspace) && campaign.status !== "archived";

  if (members.error || posts.error || !members.data || !posts.data) {
    return <NotReady loads={[members, posts]} what="Loading the campaign's content" />;
  }
  const people = members.data;
  const list = posts.data;
  const nameOf = (id: string) => people.find((m) => m.creatorId === id)?.creatorName ?? "A removed creator";
  const put = (p: Post) => {
    const known = list.some((x) => x.id === p.id && x.creatorId === p.creatorId);
    posts.set(known ? list.map((x) => (x.id === p.id && x.creatorId === p.creatorId ? p : x)) : [...list, p]);
    setAnnounce(known ? `${nameOf(p.creatorId)}'s ${label(p.platform)} post is no longer tracked.` : `Tracking ${nameOf(p.creatorId)}'s ${label(p.platform)} post.`);
  };
  const missing = list.filter(missingDisclosure);

  return (
    <div class="content-tab">
      {people.length === 0 ? (
        <EmptyState title="No creators in this campaign yet">
          <p>Posts are tracked per creator of the campaign. Add creators first, then track their posts here.</p>
          <p class="actions">
            <a class="btn btn--primary" href={`#/w/${workspace.id}/campaigns/${campaign.id}/persona`}>
              Find creators by audience match
            </a>
          </p>
        </EmptyState>
      ) : (
        editable && <TrackPostForm campaign={campaign} members={people} onTracked={put} />
      )}
      <p class="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      <section aria-labelledby="posts-title">
        <div class="screen__head">
          <h2 id="posts-title">Tracked posts</h2>
          <label class="inline small">
            <input type="checkbox" checked={withStopped} onChange={(e) => setWithStopped((e.target as HTMLInputElement).checked)} /> Show posts no longer tracked
          </label>
        </div>
        {missing.length > 0 && (
          <div class="alert alert--warn">
            <p>
              <strong>
                {missing.length === 1 ? "1 post is" : `${missing.length} posts are`} missing the disclosure tag
                {campaign.disclosureTags.length > 0 && ` (${campaign.disclosureTags.join(", ")})`}:
              </strong>{" "}
              {missing.map((p) => `${nameOf(p.creatorId)} on ${label(p.platform)}`).join(", ")}. Ask the creator to add it to the caption.
            </p>
          </div>
        )}
        {list.length === 0 ? (
          <p class="muted">
            No post tracked {withStopped ? "in this campaign" : "now"}.{" "}
            {editable && people.length > 0 && "Paste a creator's post link above to follow its views, engagement and disclosure."}
          </p>
        ) : (
          <PostTable posts={list} creatorName={nameOf} editable={editable} onChange={put} />
        )}
      </section>
      <Hashtags campaign={campaign} editable={editable} />
    </div>
  );
}
