import type { Campaign } from "../../api/types";
import { fmtDate } from "../../format";
import { Badge, Meter } from "../../ui/widgets";
import { goalText } from "../campaigns/goal";
import { countText, moneyText, NO_DATA, ratioText } from "./figures";
import type { Goal } from "./types";

const STATUS: Record<string, [string, "good" | "warn" | "muted" | "neutral"]> = {
  reached: ["Reached", "good"],
  on_track: ["On track", "good"],
  at_risk: ["At risk", "warn"],
  off_track: ["Off track", "warn"],
  missed: ["Missed", "muted"],
  not_started: ["Not started", "neutral"],
};

/** goalStatusText names a goal's status in words; null (the figure is no data) is "no data". */
export function goalStatusText(status: string | null | undefined): string {
  return status ? (STATUS[status]?.[0] ?? status) : NO_DATA;
}

/** GoalStatus is the goal's status as a badge. */
export function GoalStatus({ status }: { status: string | null | undefined }) {
  return <Badge tone={status ? (STATUS[status]?.[1] ?? "neutral") : "muted"}>{goalStatusText(status)}</Badge>;
}

/** goalValue writes a goal amount: money of the goal's currency for revenue, else a count. */
export function goalValue(g: Goal, v: number | null | undefined): string {
  return g.metric === "revenue" && g.currency ? moneyText(v, g.currency) : countText(v);
}

/**
 * GoalCard shows the API's goal progress: target, actual, the share reached and where the
 * current pace ends at the deadline, judged on track, at risk or off track.
 */
export function GoalCard({ goal: g, campaign }: { goal: Goal; campaign: Campaign }) {
  return (
    <section class="card" aria-labelledby="goal-title">
      <h2 id="goal-title">Goal progress</h2>
      <Meter label={`Progress to ${goalText(campaign)}`} value={g.percent} empty={NO_DATA} />
      <dl class="facts">
        <div>
          <dt>Target</dt>
          <dd>{goalValue(g, g.target)}</dd>
        </div>
        <div>
          <dt>Actual</dt>
          <dd>{goalValue(g, g.actual)}</dd>
        </div>
        <div>
          <dt>Reached</dt>
          <dd>{ratioText(g.percent, 0)}</dd>
        </div>
        <div>
          <dt>Projected by the deadline</dt>
          <dd>
            {goalValue(g, g.projected)}
            {g.projectedPercent !== null && g.projectedPercent !== undefined && ` (${ratioText(g.projectedPercent, 0)})`}
          </dd>
        </div>
        <div>
          <dt>Projection</dt>
          <dd>
            <GoalStatus status={g.status} />
          </dd>
        </div>
      </dl>
      <p class="muted small">
        {!g.figure
          ? `Hypetrack has no source for ${g.metric} yet, so this goal has no data.`
          : g.status === "not_started"
            ? `The campaign starts on ${fmtDate(g.start)}.`
            : `Counted from ${fmtDate(g.start)} to ${fmtDate(g.asOf)}: day ${g.daysElapsed} of ${g.daysTotal}, deadline ${fmtDate(g.deadline)}. The projection keeps the pace so far to the deadline.`}
      </p>
    </section>
  );
}
