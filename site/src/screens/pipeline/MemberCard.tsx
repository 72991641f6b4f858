import { STAGES, type PipelineMember } from "../../api/types";
import { fmtMoney, label } from "../../format";
import { neighbour, stageLabel } from "./stages";

interface Props {
  member: PipelineMember;
  editable: boolean;
  error?: string;
  onMove: (stage: string) => void;
  onOpen: () => void;
}

/** MemberCard is one creator on the board: cost, codes and notes at a glance. */
export function MemberCard({ member: m, editable, error, onMove, onOpen }: Props) {
  const handle = Object.entries(m.handles)[0];
  const keys = (e: KeyboardEvent) => {
    if (!editable || !e.altKey || (e.key !== "ArrowLeft" && e.key !== "ArrowRight")) return;
    const to = neighbour(m.stage, e.key === "ArrowLeft" ? -1 : 1);
    if (to) {
      e.preventDefault();
      onMove(to);
    }
  };
  return (
    <li
      class="pcard"
      draggable={editable}
      tabIndex={0}
      aria-label={`${m.creatorName}, ${stageLabel(m.stage)}`}
      onKeyDown={keys}
      onDragStart={(e) => {
        e.dataTransfer?.setData("text/plain", m.creatorId);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
      }}
    >
      <div class="pcard__head">
        <button type="button" class="pcard__name" onClick={onOpen}>
          {m.creatorName}
        </button>
        {handle && (
          <span class="muted small">
            {label(handle[0])} @{handle[1]}
          </span>
        )}
      </div>
      <p class="pcard__cost">
        {m.agreedCost.amount > 0 ? fmtMoney(m.agreedCost) : <span class="muted">No cost agreed</span>}
        {m.compensation.model && <span class="muted"> · {label(m.compensation.model)}</span>}
      </p>
      {m.codes.length > 0 && (
        <p class="chips" aria-label="Coupon codes">
          {m.codes.map((c) => (
            <span key={c.code} class="chip">
              {c.code}
            </span>
          ))}
        </p>
      )}
      {m.notes && <p class="pcard__notes">{m.notes}</p>}
      {editable && (
        <label class="pcard__move">
          <span class="visually-hidden">Stage of {m.creatorName}</span>
          <select value={m.stage} onChange={(e) => onMove((e.target as HTMLSelectElement).value)}>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {stageLabel(s)}
              </option>
            ))}
          </select>
        </label>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
