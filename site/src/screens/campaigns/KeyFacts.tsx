import type { Campaign } from "../../api/types";
import { fmtDate, fmtMoney, label } from "../../format";

/** KeyFacts are a campaign's objective, dates and budget, as entries of a <dl class="facts">. */
export function KeyFacts({ campaign: c }: { campaign: Campaign }) {
  return (
    <>
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
    </>
  );
}
