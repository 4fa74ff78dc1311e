import type { TravelPreference, TravelScenario } from "../../compiler/gyms/travel/ir.js";
import type { Scenario } from "../../compiler/ir.js";
import { classifyUtterance } from "../../runtime/gyms/travel/builtin-simulator.js";
import { phraseStems, StemText } from "../../runtime/gyms/travel/matching.js";
import { aspectLabel, scenarioIndex } from "../../runtime/gyms/travel/scenario-index.js";
import type { UtteranceVerdict } from "../../runtime/gyms/travel/simulator.js";
import { RecordedTravelSimulator } from "../../runtime/gyms/travel/recorded-simulator.js";
import type { Judgement } from "../../runtime/types.js";
import { quoteCues, type GymLens, type HiddenItem, type Probe, type ProbeRow, type Revealed } from "../lens.js";

/**
 * The travel gym through play's eyes: its hidden items are the preferences; an `[action]` reveals
 * one when the built-in judge (classifyUtterance) finds one of its cues in the question.
 */

const VERDICTS: Record<UtteranceVerdict["type"], string> = {
  targeted: "targeted: the user reveals that preference (rewards.elicit)",
  absent: "absent: it asks about an attribute, but no hidden preference still on offer has a cue in it",
  vague: "vague: it names an aspect or asks about wishes in general; ask about one concrete thing",
  unrelated: "unrelated: small talk, not about preferences",
};

function label(p: TravelPreference): string {
  return `${p.id} ${p.name}`;
}

function missReason(p: TravelPreference, text: StemText, verdict: UtteranceVerdict): string {
  const matched = p.cues.filter((c) => text.hasSpecific(phraseStems(c)));
  if (matched.length > 0) {
    return `its cue "${matched[0]}" is in the question, but one question reveals one preference and ${verdict.preference} won (the one of the aspect the question names, else the first by id)`;
  }
  if (p.cues.length === 0) return "it has no cues, so no question can target it; add `cues` (it is otherwise only volunteered after reveal_after off-target turns)";
  return `none of its cues (${quoteCues(p.cues)}) is in the question`;
}

function probe(scenario: Scenario, question: string, revealed: Revealed): Probe {
  const travel = scenario as TravelScenario;
  const index = scenarioIndex(travel);
  const remaining = index.preferences.filter((p) => !revealed.items.has(p.id) && !revealed.closed.has(p.id));
  const verdict = classifyUtterance(travel, question, remaining);
  const text = new StemText(question);
  const rows: ProbeRow[] = index.preferences.map((p) => {
    const item = label(p);
    if (revealed.items.has(p.id)) return { item, targeted: false, why: `already revealed (${revealed.items.get(p.id)})` };
    if (revealed.closed.has(p.id)) return { item, targeted: false, why: `the ${aspectLabel({ id: p.aspect })} answer is final, so its preferences are no longer on offer` };
    if (verdict.type === "targeted" && verdict.preference === p.id) {
      const cue = p.cues.find((c) => text.hasSpecific(phraseStems(c)));
      return { item, targeted: true, why: `its cue "${cue}" is in the question` };
    }
    return { item, targeted: false, why: missReason(p, text, verdict) };
  });
  return { verdict: VERDICTS[verdict.type], rows };
}

/** Aspects whose answer is final after an answer judgement: every answer in one-choice mode, the best in multi-choice mode. */
function closedAspect(scenario: TravelScenario, judgement: Judgement): string | undefined {
  const { aspect, category } = judgement.value;
  if (judgement.kind !== "answer" || typeof aspect !== "string" || typeof category !== "string") return undefined;
  return scenario.knobs.one_choice || category === "best" ? aspect : undefined;
}

function track(scenario: Scenario, revealed: Revealed, judgements: readonly Judgement[], turn: number): string[] {
  const travel = scenario as TravelScenario;
  const index = scenarioIndex(travel);
  const now: string[] = [];
  for (const j of judgements) {
    const id = j.value.preference;
    if (j.kind === "reveal" && j.source !== "fallback" && typeof id === "string" && index.preferenceById.has(id)) {
      revealed.items.set(id, `${j.value.proactive === true ? "volunteered" : "asked"} at turn ${turn}`);
      now.push(label(index.preferenceById.get(id)!));
    }
    const aspect = closedAspect(travel, j);
    if (aspect !== undefined) for (const p of index.aspectById.get(aspect)?.preferences ?? []) if (!revealed.items.has(p.id)) revealed.closed.add(p.id);
  }
  return now;
}

function hidden(scenario: Scenario, revealed: Revealed): HiddenItem[] {
  return scenarioIndex(scenario as TravelScenario).preferences.map((p) => ({
    item: label(p),
    about: `${aspectLabel({ id: p.aspect })}: ${p.about}`,
    holds: p.says[0]!,
    revealed: revealed.items.get(p.id) ?? (revealed.closed.has(p.id) ? "no longer on offer (its aspect's answer is final)" : null),
  }));
}

export const travelLens: GymLens = { asks: "action", probe, track, hidden, recorded: () => new RecordedTravelSimulator() };
