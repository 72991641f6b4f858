import { fmtDate, fmtMoney, label } from "../../format";
import { Meter } from "../../ui/widgets";
import { goalText } from "../campaigns/goal";
import { Waiting } from "../coming/Waiting";
import type { TabProps } from "./CampaignScreen";

/** Overview shows the plan as set; the results join it once they are measured. */
export function Overview({ campaign: c }: TabProps) {
  return (
    <div class="grid2">
      <section class="card" aria-labelledby="plan-title">
        <h2 id="plan-title">The plan</h2>
        <Meter label={`Progress to ${goalText(c)}`} value={null} />
        <dl class="facts facts--stack">
          <div>
            <dt>Objective</dt>
            <dd>{label(c.objective)}</dd>
          </div>
          <div>
            <dt>Dates</dt>
            <dd>
              {fmtDate(c.startDate)} – {fmtDate(c.endDate)}
            </dd>
          </div>
          <div>
            <dt>Budget</dt>
            <dd>{c.budget.amount > 0 ? fmtMoney(c.budget) : "not set"}</dd>
          </div>
          <div>
            <dt>Destination</dt>
            <dd class="wrap">{c.destinationUrl}</dd>
          </div>
          <div>
            <dt>Disclosure tags</dt>
            <dd>{c.disclosureTags.join(" ")}</dd>
          </div>
          <div>
            <dt>Attribution window</dt>
            <dd>{c.attributionWindowDays} days after a click or code</dd>
          </div>
          {c.platforms.length > 0 && (
            <div>
              <dt>Platforms</dt>
              <dd>{c.platforms.map(label).join(", ")}</dd>
            </div>
          )}
        </dl>
        {c.brief && (
          <>
            <h3>Brief</h3>
            <p class="prewrap">{c.brief}</p>
          </>
        )}
      </section>
      <Waiting id="overview" />
    </div>
  );
}
