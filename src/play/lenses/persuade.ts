import { stanceMove, touchedReasons } from "../../compiler/gyms/persuade/judge.js";
import type { PersuadeReason, PersuadeScenario } from "../../compiler/gyms/persuade/ir.js";
import type { Scenario } from "../../compiler/ir.js";
import { containsSpecificPhrase } from "../../compiler/text/generic.js";
import { RecordedPersuadeSimulator } from "../../runtime/gyms/persuade/recorded-simulator.js";
import type { Judgement } from "../../runtime/types.js";
import { quoteCues, type GymLens, type HiddenItem, type Probe, type ProbeRow, type Revealed } from "../lens.js";

/**
 * The persuade gym through play's eyes: its hidden items are the persona's reasons; an
 * `[answer]` (an argument) touches each reason one of whose cues it contains (the compiler's
 * judge, which the built-in persona moves with). A reason can be argued again, for less.
 */

function label(r: PersuadeReason): string {
  return `${r.id} ${r.name}`;
}

function probe(scenario: Scenario, argument: string, revealed: Revealed): Probe {
  const persuade = scenario as PersuadeScenario;
  const touched = touchedReasons(persuade, argument);
  const argued = revealed.hits;
  const rows: ProbeRow[] = persuade.reasons.map((r) => {
    const item = label(r);
    if (touched.includes(r.id)) {
      const cue = r.cues.find((c) => containsSpecificPhrase(argument, c));
      const levels = stanceMove(persuade, [r.id], argued);
      const before = argued.get(r.id) ?? 0;
      const decay = before > 0 ? ` (argued ${before}x before: less knobs.repeat_decay each time)` : "";
      return { item, targeted: true, why: `its cue "${cue}" is in the argument; it moves the persona ${levels} level${levels === 1 ? "" : "s"}${decay}` };
    }
    const why = r.cues.length === 0 ? "it has no cues, so no argument can touch it; add `cues`" : `none of its cues (${quoteCues(r.cues)}) is in the argument`;
    return { item, targeted: false, why };
  });
  const levels = stanceMove(persuade, touched, argued);
  const verdict = touched.length > 0 ? `touches ${touched.join(", ")}: up to ${levels} level${levels === 1 ? "" : "s"} toward the goal` : "touches no reason: the persona does not move";
  return { verdict, rows };
}

function track(scenario: Scenario, revealed: Revealed, judgements: readonly Judgement[], turn: number): string[] {
  const persuade = scenario as PersuadeScenario;
  const stance = judgements.find((j) => j.kind === "stance");
  if (!stance || stance.source === "fallback" || !Array.isArray(stance.value.touched)) return [];
  const touched = new Set(stance.value.touched as unknown[]);
  const now = persuade.reasons.filter((r) => touched.has(r.id));
  for (const r of now) {
    const times = (revealed.hits.get(r.id) ?? 0) + 1;
    revealed.hits.set(r.id, times);
    revealed.items.set(r.id, `argued ${times}x, last at turn ${turn}`);
  }
  return now.map(label);
}

function hidden(scenario: Scenario, revealed: Revealed): HiddenItem[] {
  return (scenario as PersuadeScenario).reasons.map((r) => ({
    item: label(r),
    about: r.about,
    holds: `moves ${r.levels} level${r.levels === 1 ? "" : "s"} the first time it is argued`,
    revealed: revealed.items.get(r.id) ?? null,
  }));
}

function status(scenario: Scenario, counters: Readonly<Record<string, number>>): string | undefined {
  const { ladder, start, goal } = scenario as PersuadeScenario;
  const stance = counters.stance ?? start;
  return `stance: ${ladder[stance]} (started at ${ladder[start]}, goal ${ladder[goal]})`;
}

export const persuadeLens: GymLens = { asks: "answer", probe, track, hidden, status, recorded: () => new RecordedPersuadeSimulator() };
