import type { EpisodeRecord } from "../runtime/episode.js";
import type { Judgement } from "../runtime/types.js";
import type { Scenario } from "../compiler/ir.js";

/**
 * Transcripts and the scenario's hidden items with the turn each was revealed. The turns come
 * from the episode log: travel preferences from `reveal`/`proactive` judgements, persuade reasons
 * from the `touched` list of `stance` judgements, intention details from `coverage` judgements.
 * The texts come from the run's scenario (scenarios.ts): every item with its text, the turn it
 * came out or null for never. Without the scenario (sources moved, edited, broken) only the ids
 * the log names are known, and the rest are counted from the outcome metrics (travel
 * `preferences`, intention `details`) or the shape (persuade `R<n>`), with the reason in `missing`.
 */

export interface HiddenItem {
  id: string;
  /** Where the item sits and its name, e.g. "apartment / laundry" (travel), "skills" (persuade), "high: source" (intention); null when only the id is known. */
  label: string | null;
  /** The item as the scenario states it: travel the explicit preference (`says`), persuade and intention what it is about; null when only the id is known. */
  text: string | null;
  /** Intention: the answers the simulated user may give (one per episode). */
  answers?: string[];
  /** The first turn that revealed (travel), touched (persuade) or covered (intention) it; null: never revealed. */
  turn: number | null;
  /** "asked", "volunteered", "touched" or "covered"; null when never revealed. */
  how: string | null;
}

export interface HiddenItems {
  /** "preference", "reason" or "detail". */
  noun: string;
  /** How many the scenario hides (null: unknown). */
  total: number | null;
  /** The revealed ones by turn, then the never revealed ones in the scenario's order; without the scenario, only the revealed ones. */
  items: HiddenItem[];
  /** Scenario facts beside the items (persuade: the claim, the persona's own reasoning, the goal stance). */
  facts: { label: string; text: string }[];
  /** Why the texts are missing and the items shown by id only; null when they come from the scenario. */
  missing: string | null;
}

export interface TranscriptTurn {
  turn: number;
  choice: string | null;
  raw: string;
  invalid?: string;
  feedback: string;
  reward: number;
  /** One line per judgement: "kind (source): key=value ..." (a value equal to the feedback as SAME_AS_FEEDBACK). */
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

/** A string value that repeats the turn's feedback word for word (a simulator's reply) is not printed twice. */
const SAME_AS_FEEDBACK = "(same as the feedback)";

function judgementLine(j: Judgement, feedback: string): string {
  const text = (value: unknown) => (typeof value === "string" ? (value === feedback && value !== "" ? SAME_AS_FEEDBACK : value) : JSON.stringify(value));
  const parts = Object.keys(j.value)
    .sort()
    .map((k) => `${k}=${text(j.value[k])}`);
  const reason = j.fallbackReason !== undefined ? ` [fallback: ${j.fallbackReason}]` : "";
  return `${j.kind} (${j.source})${parts.length > 0 ? ": " + parts.join(", ") : ""}${reason}`;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

const NOUNS: Record<string, string> = { travel: "preference", persuade: "reason", intention: "detail" };

/** The first turn each item came out, from the judgements (the first mention wins). */
export function revealedTurns(e: EpisodeRecord): Map<string, { turn: number; how: string }> {
  const found = new Map<string, { turn: number; how: string }>();
  const note = (id: string, turn: number, how: string) => {
    if (!found.has(id)) found.set(id, { turn, how });
  };
  for (const t of e.turns) {
    for (const j of t.judgements) {
      if (e.gym === "travel" && j.kind === "reveal" && typeof j.value.preference === "string") note(j.value.preference, t.turn, j.value.proactive === true ? "volunteered" : "asked");
      else if (e.gym === "travel" && j.kind === "proactive" && typeof j.value.preference === "string") note(j.value.preference, t.turn, "volunteered");
      else if (e.gym === "persuade" && j.kind === "stance") for (const id of strings(j.value.touched)) note(id, t.turn, "touched");
      else if (e.gym === "intention" && j.kind === "coverage") for (const id of strings(j.value.covered)) note(id, t.turn, "covered");
    }
  }
  return found;
}

type Described = Pick<HiddenItem, "id" | "label" | "text" | "answers">;

/** The scenario's hidden items in declaration order, with their texts, and its facts. */
function described(scenario: Scenario): { items: Described[]; facts: HiddenItems["facts"] } {
  switch (scenario.gym) {
    case "travel":
      return { items: scenario.aspects.flatMap((a) => a.preferences.map((p) => ({ id: p.id, label: `${a.id} / ${p.about}`, text: p.says[0]! }))), facts: [] };
    case "persuade": {
      const goal = `from "${scenario.ladder[scenario.start] ?? "?"}" to "${scenario.ladder[scenario.goal] ?? "?"}"`;
      return {
        items: scenario.reasons.map((r) => ({ id: r.id, label: r.name, text: r.about })),
        facts: [{ label: "claim", text: scenario.claim[0]! }, { label: "believes", text: scenario.believes[0]! }, { label: "goal", text: goal }],
      };
    }
    case "intention":
      return { items: scenario.details.map((d) => ({ id: d.id, label: `${d.importance}: ${d.name}`, text: d.about, answers: [...d.answers] })), facts: [] };
  }
}

const byTurnThenId = (a: HiddenItem, b: HiddenItem) => (a.turn ?? Infinity) - (b.turn ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The episode's hidden items: with its scenario (as run, see scenarioOf), every item with its
 * text; otherwise only the ids the log names, with `problem` as the reason.
 */
export function hiddenItems(e: EpisodeRecord, source: { scenario: Scenario } | { problem: string }): HiddenItems {
  const turns = revealedTurns(e);
  const noun = NOUNS[e.gym] ?? "item";
  const at = (id: string) => {
    const found = turns.get(id);
    return { turn: found?.turn ?? null, how: found?.how ?? null };
  };
  if ("scenario" in source) {
    const { items: declared, facts } = described(source.scenario);
    const known = new Set(declared.map((d) => d.id));
    const revealed = declared.map((d) => ({ ...d, ...at(d.id) })).filter((i) => i.turn !== null).sort(byTurnThenId);
    const never = declared.map((d) => ({ ...d, ...at(d.id) })).filter((i) => i.turn === null);
    // An id the log names that the scenario does not have (an LLM judge's slip) is kept, by id.
    const strays = [...turns.keys()].filter((id) => !known.has(id)).map((id) => ({ id, label: null, text: null, ...at(id) })).sort(byTurnThenId);
    return { noun, total: declared.length, items: [...revealed, ...strays, ...never], facts, missing: null };
  }
  const metric = (key: string) => (typeof e.metrics[key] === "number" ? (e.metrics[key] as number) : null);
  const reasons = /-R(\d+)$/.exec(e.shape);
  const total = e.gym === "travel" ? metric("preferences") : e.gym === "intention" ? metric("details") : e.gym === "persuade" && reasons ? Number(reasons[1]) : null;
  const items = [...turns.keys()].map((id) => ({ id, label: null, text: null, ...at(id) })).sort(byTurnThenId);
  return { noun, total, items, facts: [], missing: source.problem };
}

export function transcript(run: string, e: EpisodeRecord, source: { scenario: Scenario } | { problem: string }): Transcript {
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
    hidden: hiddenItems(e, source),
    turns: e.turns.map((t) => ({
      turn: t.turn,
      choice: t.action?.choice ?? null,
      raw: t.raw,
      ...(t.invalid !== undefined && { invalid: t.invalid }),
      feedback: t.feedback,
      reward: t.reward,
      judgements: t.judgements.map((j) => judgementLine(j, t.feedback)),
      fallback: t.judgements.some((j) => j.source === "fallback"),
    })),
  };
}
