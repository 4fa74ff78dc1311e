import type { EpisodeRecord } from "../runtime/episode.js";
import type { Judgement } from "../runtime/types.js";

/**
 * Transcripts and the scenario's hidden items with the turn each was revealed, read from the
 * episode log alone: travel preferences from `reveal`/`proactive` judgements, persuade reasons
 * from the `touched` list of `stance` judgements, intention details from `coverage` judgements.
 * The log names only the items that came out; the others are counted from the outcome metrics
 * (travel `preferences`, intention `details`) or the shape (persuade `R<n>`).
 */

export interface HiddenItem {
  id: string;
  /** The first turn that revealed (travel), touched (persuade) or covered (intention) it. */
  turn: number;
  how: string;
}

export interface HiddenItems {
  /** "preference", "reason" or "detail". */
  noun: string;
  total: number | null;
  revealed: HiddenItem[];
}

export interface TranscriptTurn {
  turn: number;
  choice: string | null;
  raw: string;
  invalid?: string;
  feedback: string;
  reward: number;
  /** One line per judgement: "kind (source): key=value ...". */
  judgements: string[];
  fallback: boolean;
}

export interface Transcript {
  /** `run-label/scenario#trial`, unique within a report. */
  key: string;
  run: string;
  gym: string;
  scenarioId: string;
  shape: string;
  trial: number;
  status: string;
  error?: string;
  success: boolean;
  score: number;
  return: number;
  opening: string;
  hidden: HiddenItems;
  turns: TranscriptTurn[];
}

function judgementLine(j: Judgement): string {
  const parts = Object.keys(j.value)
    .sort()
    .map((k) => `${k}=${typeof j.value[k] === "string" ? (j.value[k] as string) : JSON.stringify(j.value[k])}`);
  const reason = j.fallbackReason !== undefined ? ` [fallback: ${j.fallbackReason}]` : "";
  return `${j.kind} (${j.source})${parts.length > 0 ? ": " + parts.join(", ") : ""}${reason}`;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

export function hiddenItems(e: EpisodeRecord): HiddenItems {
  const found = new Map<string, HiddenItem>();
  const note = (id: string, turn: number, how: string) => {
    if (!found.has(id)) found.set(id, { id, turn, how });
  };
  for (const t of e.turns) {
    for (const j of t.judgements) {
      if (e.gym === "travel" && j.kind === "reveal" && typeof j.value.preference === "string") note(j.value.preference, t.turn, j.value.proactive === true ? "volunteered" : "asked");
      else if (e.gym === "travel" && j.kind === "proactive" && typeof j.value.preference === "string") note(j.value.preference, t.turn, "volunteered");
      else if (e.gym === "persuade" && j.kind === "stance") for (const id of strings(j.value.touched)) note(id, t.turn, "touched");
      else if (e.gym === "intention" && j.kind === "coverage") for (const id of strings(j.value.covered)) note(id, t.turn, "covered");
    }
  }
  const revealed = [...found.values()].sort((a, b) => a.turn - b.turn || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const metric = (key: string) => (typeof e.metrics[key] === "number" ? (e.metrics[key] as number) : null);
  if (e.gym === "travel") return { noun: "preference", total: metric("preferences"), revealed };
  if (e.gym === "intention") return { noun: "detail", total: metric("details"), revealed };
  if (e.gym === "persuade") {
    const reasons = /-R(\d+)$/.exec(e.shape);
    return { noun: "reason", total: reasons ? Number(reasons[1]) : null, revealed };
  }
  return { noun: "item", total: null, revealed };
}

export function transcript(run: string, e: EpisodeRecord): Transcript {
  return {
    key: `${run}/${e.scenarioId}#${e.trial}`,
    run,
    gym: e.gym,
    scenarioId: e.scenarioId,
    shape: e.shape,
    trial: e.trial,
    status: e.status,
    ...(e.error !== undefined && { error: e.error }),
    success: e.success,
    score: e.score,
    return: e.return,
    opening: e.opening,
    hidden: hiddenItems(e),
    turns: e.turns.map((t) => ({
      turn: t.turn,
      choice: t.action?.choice ?? null,
      raw: t.raw,
      ...(t.invalid !== undefined && { invalid: t.invalid }),
      feedback: t.feedback,
      reward: t.reward,
      judgements: t.judgements.map(judgementLine),
      fallback: t.judgements.some((j) => j.source === "fallback"),
    })),
  };
}
