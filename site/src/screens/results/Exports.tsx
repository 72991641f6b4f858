import { must } from "../../api/client";
import { useApp } from "../../app/context";
import { DownloadButton } from "../../ui/DownloadButton";
import type { Table } from "./types";

const NAMES: Record<Table, string> = {
  figures: "Figures",
  goal: "Goal",
  series: "Days",
  leaderboard: "Leaderboard",
  comparison: "Comparison",
  postmortem: "Creators",
};

/** ResultsQuery is the range and order a results screen shows, which its exports keep. */
export interface ResultsQuery {
  from?: string;
  to?: string;
  sort?: string;
}

interface Props {
  campaign: { id: string; slug: string };
  tables: Table[];
  query?: ResultsQuery;
}

/** Exports downloads results tables as CSV (GET …/results/export/{table}), named as the API names them. */
export function Exports({ campaign, tables, query = {} }: Props) {
  const { api, workspace } = useApp();
  return (
    <div class="actions" role="group" aria-label="Export as CSV">
      {tables.map((t) => (
        <DownloadButton
          key={t}
          small
          label={`${NAMES[t]} CSV`}
          name={`${campaign.slug || campaign.id}-${t}.csv`}
          load={() =>
            must(
              api.GET("/api/workspaces/{ws}/campaigns/{campaign}/results/export/{table}", {
                params: { path: { ws: workspace.id, campaign: campaign.id, table: t }, query },
                parseAs: "blob",
              }),
            )
          }
        />
      ))}
    </div>
  );
}
