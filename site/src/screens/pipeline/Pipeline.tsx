import { useRef, useState } from "preact/hooks";
import { ifMatch, must } from "../../api/client";
import { asProblem } from "../../api/problem";
import { STAGES, type PipelineMember } from "../../api/types";
import { canEdit, useApp } from "../../app/context";
import { useLoad } from "../../app/useLoad";
import { fmtMoney } from "../../format";
import { EmptyState, ErrorNote, Loading } from "../../ui/widgets";
import type { TabProps } from "../campaign/CampaignScreen";
import { MemberCard } from "./MemberCard";
import { MemberDialog } from "./MemberDialog";
import { stageLabel } from "./stages";

/**
 * Pipeline is the board of the campaign's creators by stage. Cards move by dragging, by
 * their stage menu, or with Alt+arrow keys, so mouse, keyboard and touch all work.
 */
export default function Pipeline({ campaign }: TabProps) {
  const { api, workspace } = useApp();
  const path = { ws: workspace.id, campaign: campaign.id };
  const members = useLoad(
    () => must(api.GET("/api/workspaces/{ws}/campaigns/{campaign}/creators", { params: { path } })).then((r) => r.items),
    [workspace.id, campaign.id],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [announce, setAnnounce] = useState("");
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  // Cards whose move is being saved.
  const saving = useRef(new Set<string>());
  const editable = canEdit(workspace) && campaign.status !== "archived";

  if (members.error) return <ErrorNote message={members.error} retry={members.reload} />;
  if (!members.data) return <Loading what="Loading the pipeline" />;
  const list = members.data;
  const replace = (m: PipelineMember) => members.set((cur) => cur.map((x) => (x.creatorId === m.creatorId ? m : x)));
  const setStage = (id: string, stage: string) =>
    members.set((cur) => cur.map((x) => (x.creatorId === id ? { ...x, stage } : x)));

  const move = async (m: PipelineMember, stage: string) => {
    if (m.stage === stage) return;
    // One move of a card at a time: a second one before the first is answered would send
    // the version the first is about to replace, and be refused as a conflict.
    if (saving.current.has(m.creatorId)) {
      setAnnounce(`Still saving the last move of ${m.creatorName}; try again in a moment.`);
      return;
    }
    saving.current.add(m.creatorId);
    setErrors((e) => ({ ...e, [m.creatorId]: "" }));
    // Show the move at once; the answer brings the new version (or puts the card back).
    setStage(m.creatorId, stage);
    try {
      const moved = await must(
        api.POST("/api/workspaces/{ws}/campaigns/{campaign}/creators/{creator}/stage", {
          params: { path: { ...path, creator: m.creatorId } },
          // The route needs If-Match like an update, though the document does not list it.
          headers: ifMatch(m),
          body: { stage, note: "" },
        }),
      );
      replace(moved);
      setAnnounce(`${m.creatorName} moved to ${stageLabel(stage)}.`);
    } catch (err) {
      setStage(m.creatorId, m.stage);
      setErrors((e) => ({ ...e, [m.creatorId]: asProblem(err).detail }));
    } finally {
      saving.current.delete(m.creatorId);
    }
  };

  const drop = (stage: string) => (e: DragEvent) => {
    e.preventDefault();
    setDropTarget(null);
    const id = e.dataTransfer?.getData("text/plain");
    const m = list.find((x) => x.creatorId === id);
    if (m) void move(m, stage);
  };

  const committed = list.reduce((sum, m) => sum + (m.stage === "declined" ? 0 : m.agreedCost.amount), 0);
  const selected = list.find((m) => m.creatorId === open);
  const wsBase = `#/w/${workspace.id}`;

  if (list.length === 0) {
    return (
      <EmptyState title="No creators in this campaign yet">
        <p>
          Describe the buyer you want to reach, then add the creators whose audience matches it best; or pick them
          from your roster.
        </p>
        <p class="actions">
          <a class="btn btn--primary" href={`${wsBase}/campaigns/${campaign.id}/persona`}>
            Find creators by audience match
          </a>
          <a class="btn" href={`${wsBase}/creators`}>
            Open the roster
          </a>
        </p>
      </EmptyState>
    );
  }

  return (
    <div>
      <p class="summary">
        {list.length} creator{list.length === 1 ? "" : "s"} · agreed cost{" "}
        {fmtMoney({ amount: committed, currency: campaign.budget.currency })}
        {campaign.budget.amount > 0 && <> of a {fmtMoney(campaign.budget)} budget</>}
        {" · "}
        <a href={`${wsBase}/campaigns/${campaign.id}/persona`}>Add creators</a>
      </p>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      {editable && <p class="hint">Drag a card to another stage, use its stage menu, or focus it and press Alt+← / Alt+→.</p>}
      <div class="board">
        {STAGES.map((stage) => {
          const cards = list.filter((m) => m.stage === stage);
          return (
            <section
              key={stage}
              class={dropTarget === stage ? "column column--target" : "column"}
              aria-labelledby={`stage-${stage}`}
              onDragOver={(e) => {
                if (!editable) return;
                e.preventDefault();
                setDropTarget(stage);
              }}
              onDragLeave={() => setDropTarget(null)}
              onDrop={drop(stage)}
            >
              <h2 id={`stage-${stage}`} class="column__title">
                {stageLabel(stage)} <span class="count">{cards.length}</span>
              </h2>
              <ul class="column__cards">
                {cards.map((m) => (
                  <MemberCard
                    key={m.creatorId}
                    member={m}
                    editable={editable}
                    error={errors[m.creatorId]}
                    onMove={(s) => void move(m, s)}
                    onOpen={() => setOpen(m.creatorId)}
                  />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
      {selected && (
        <MemberDialog
          campaign={campaign}
          member={selected}
          editable={editable}
          onChange={replace}
          onRemoved={() => {
            members.set(list.filter((m) => m.creatorId !== selected.creatorId));
            setOpen(null);
          }}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}
