import { STAGES, type Stage } from "../../api/types";

const words: Partial<Record<Stage, string>> = { content_review: "Content in review" };

export function stageLabel(s: string): string {
  return words[s as Stage] ?? s[0].toUpperCase() + s.slice(1);
}

/** neighbour is the stage before (-1) or after (+1) s on the board, if any. */
export function neighbour(s: string, step: -1 | 1): Stage | undefined {
  const i = STAGES.indexOf(s as Stage);
  return i < 0 ? undefined : STAGES[i + step];
}
