import { must } from "../../api/client";
import { useApp } from "../../app/context";
import { DownloadButton, fileName } from "../../ui/DownloadButton";

/** ExportButton downloads the whole roster as CSV, for spreadsheets and client reports. */
export function ExportButton() {
  const { api, workspace } = useApp();
  return (
    <DownloadButton
      label="Export CSV"
      name={`${fileName(workspace.name)}-creators.csv`}
      load={() => must(api.GET("/api/workspaces/{ws}/creators/export", { params: { path: { ws: workspace.id } }, parseAs: "blob" }))}
    />
  );
}
