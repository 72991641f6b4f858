import { useMemo } from "preact/hooks";
import { must } from "../../api/client";
import { useApp } from "../../app/context";
import { useLoad } from "../../app/useLoad";
import { fmtCompact, fmtNumber } from "../../format";
import { TimeChart } from "../../ui/TimeChart";
import { Badge, ErrorNote, Loading } from "../../ui/widgets";
import { collectPages, postCharts, type Post } from "./posts";

// A year of hourly pulls fits in five pages of the route's largest page.
const PAGE = 2000;
const MAX_PAGES = 5;

/** PostSeries charts one post over time: its views, then its likes, comments and shares. */
export function PostSeries({ post, label }: { post: Post; label: string }) {
  const { api, workspace } = useApp();
  const path = { ws: workspace.id, campaign: post.campaignId, creator: post.creatorId, post: post.id };
  const series = useLoad(
    () =>
      collectPages(
        (after) => must(api.GET("/api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/posts/{post}/snapshots", { params: { path, query: { limit: String(PAGE), after } } })),
        MAX_PAGES,
      ),
    [workspace.id, post.id, post.creatorId],
  );
  const charts = useMemo(() => (series.data ? postCharts(series.data.items) : null), [series.data]);

  if (series.error) return <ErrorNote message={series.error} retry={series.reload} />;
  if (!series.data || !charts) return <Loading what="Loading the post's figures" />;
  if (charts.times.length === 0) return <p class="muted">No figures yet: the first pull of this post has not happened. They show here after it.</p>;
  return (
    <div class="post-series">
      {charts.simulated && <Badge tone="warn">Simulated data (replay provider)</Badge>}
      {series.data.truncated && <p class="muted small">Showing the first {fmtNumber(series.data.items.length)} pulls.</p>}
      {charts.views.length > 0 && <TimeChart title={`Views of ${label} over time`} times={charts.times} series={charts.views} format={fmtCompact} />}
      {charts.interactions.length > 0 && (
        <TimeChart title={`Likes, comments and shares of ${label} over time`} times={charts.times} series={charts.interactions} format={fmtCompact} />
      )}
    </div>
  );
}
