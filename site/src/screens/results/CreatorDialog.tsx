import { must } from "../../api/client";
import { useApp } from "../../app/context";
import { lazy } from "../../app/lazy";
import { useLoad } from "../../app/useLoad";
import { Dialog } from "../../ui/Dialog";
import { ErrorNote, Loading } from "../../ui/widgets";
import type { ResultsQuery } from "./Exports";
import { HEADLINE, MORE } from "./figures";
import { FigureTiles } from "./FigureTiles";
import type { ResultChartsProps } from "./ResultCharts";
import type { CreatorRow } from "./types";

const ResultCharts = lazy<ResultChartsProps>(() => import("./ResultCharts"));

interface Props {
  campaignId: string;
  row: CreatorRow;
  currency: string;
  range: Pick<ResultsQuery, "from" | "to">;
  onClose: () => void;
}

/** CreatorDialog is one creator's figures in the campaign and their days (GET …/results/creators/{creator}). */
export function CreatorDialog({ campaignId, row, currency, range, onClose }: Props) {
  const { api, workspace } = useApp();
  const loaded = useLoad(
    () =>
      must(
        api.GET("/api/workspaces/{ws}/campaigns/{campaign}/results/creators/{creator}", {
          params: { path: { ws: workspace.id, campaign: campaignId, creator: row.creatorId }, query: range },
        }),
      ),
    [workspace.id, campaignId, row.creatorId, range.from, range.to],
  );
  const figures = loaded.data?.creator.figures ?? row.figures;
  return (
    <Dialog title={`Figures of ${row.name}`} onClose={onClose}>
      <FigureTiles figures={figures} specs={HEADLINE} currency={currency} label={`Figures of ${row.name}`} />
      <details>
        <summary>More figures</summary>
        <FigureTiles figures={figures} specs={MORE} currency={currency} label={`More figures of ${row.name}`} />
      </details>
      {loaded.error ? (
        <ErrorNote message={loaded.error} retry={loaded.reload} />
      ) : !loaded.data ? (
        <Loading what="Loading their days" />
      ) : (
        <ResultCharts days={loaded.data.series} currency={currency} />
      )}
    </Dialog>
  );
}
