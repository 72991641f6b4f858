import { useApp } from "../../app/context";
import { navigate } from "../../app/router";
import { CampaignForm } from "./CampaignForm";

/** CampaignWizard is the screen that creates a campaign. */
export default function CampaignWizard() {
  const { workspace } = useApp();
  const list = `/w/${workspace.id}/campaigns`;
  return (
    <section class="screen screen--narrow">
      <h1>New campaign</h1>
      <CampaignForm onSaved={(c) => navigate(`${list}/${c.id}`)} onCancel={() => navigate(list)} />
    </section>
  );
}
