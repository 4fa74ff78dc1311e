import type { Scenario } from "../compiler/ir.js";
import type { RecordedSimulator } from "../runtime/recorded-judgements.js";
import type { Choice, Judgement } from "../runtime/types.js";

/**
 * What `ubc play` and `ubc play --probe` need to know of a gym, beyond its runtime: the hidden
 * items an agent must find (travel preferences, intention details, persuade reasons), which of
 * them a step's recorded judgements revealed, and why the built-in user would or would not count
 * a question as targeting each one. The "why" comes from the built-in simulators' own matching
 * functions (imported, never copied), so what it says is what the simulator does.
 */

/** One row of a probe: does the question target this item, and why (not). */
export interface ProbeRow {
  /** The item's id and name, e.g. "P2 quiet". */
  item: string;
  targeted: boolean;
  why: string;
}

/** What the built-in user makes of one question: a one-line verdict and a row per item. */
export interface Probe {
  verdict: string;
  rows: ProbeRow[];
}

/** A hidden item as `:hidden` shows it. */
export interface HiddenItem {
  item: string;
  /** What it is about, as the author wrote it. */
  about: string;
  /** The statement or answer the user has in mind (never shown to the agent). */
  holds: string;
  /** How it was revealed ("asked at turn 3"), or null while still hidden. */
  revealed: string | null;
}

/** What the episode has revealed so far, kept by the session from each step's judgements. */
export interface Revealed {
  /** Item id -> how and when it was revealed. */
  readonly items: Map<string, string>;
  /** Item ids no question can reveal any more (travel: preferences of an aspect whose answer is final). */
  readonly closed: Set<string>;
  /** How many turns hit each item (persuade: a reason argued again moves the persona less). */
  readonly hits: Map<string, number>;
}

export function emptyRevealed(): Revealed {
  return { items: new Map(), closed: new Set(), hits: new Map() };
}

export interface GymLens {
  /** The choice whose content the built-in user judges as a question or argument. */
  readonly asks: Choice;
  /** Records in `revealed` what one step's judgements revealed; returns the labels of the items newly revealed. */
  track(scenario: Scenario, revealed: Revealed, judgements: readonly Judgement[], turn: number): string[];
  /** The built-in user's reading of a question, with the items already revealed or closed left out of reach. */
  probe(scenario: Scenario, question: string, revealed: Revealed): Probe;
  /** Every hidden item with its state. */
  hidden(scenario: Scenario, revealed: Revealed): HiddenItem[];
  /** The gym's recorded simulator, which answers from an episode's recorded judgements (an undo replays with it). */
  recorded(): RecordedSimulator;
  /** A line on where the episode stands (persuade: the stance), or undefined. */
  status?(scenario: Scenario, counters: Readonly<Record<string, number>>): string | undefined;
}

/** Shows at most `max` cues, quoted: enough to see what the author declared. */
export function quoteCues(cues: readonly string[], max = 6): string {
  const shown = cues.slice(0, max).map((c) => `"${c}"`);
  return cues.length > max ? `${shown.join(", ")}, … (${cues.length} in all)` : shown.join(", ");
}
