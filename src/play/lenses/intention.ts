import { coversDetail, judgeQuestion } from "../../compiler/gyms/intention/judge.js";
import type { IntentionDetail, IntentionScenario } from "../../compiler/gyms/intention/ir.js";
import type { Scenario } from "../../compiler/ir.js";
import { containsSpecificPhrase } from "../../compiler/text/generic.js";
import { RecordedIntentionSimulator } from "../../runtime/gyms/intention/recorded-simulator.js";
import type { Judgement } from "../../runtime/types.js";
import { quoteCues, type GymLens, type HiddenItem, type Probe, type ProbeRow, type Revealed } from "../lens.js";

/**
 * The intention gym through play's eyes: its hidden items are the details; an `[action]` covers
 * each remaining detail the compiler's judge (judge.ts, which the built-in user judges with)
 * finds in it: one of its cues, or enough key words of its `about` or of an example question.
 */

function label(d: IntentionDetail): string {
  return `${d.id} ${d.name}`;
}

function coveredBecause(question: string, d: IntentionDetail): string {
  const cue = d.cues.find((c) => containsSpecificPhrase(question, c));
  return cue !== undefined ? `its cue "${cue}" is in the question` : `the question shares key words with its about ("${d.about}") or an example question`;
}

function missReason(d: IntentionDetail): string {
  const keyWords = `key words of its about ("${d.about}") or of an example question`;
  if (d.cues.length === 0) return `it has no cues, and the question shares too few ${keyWords}`;
  return `none of its cues (${quoteCues(d.cues)}) is in the question, nor enough ${keyWords}`;
}

function probe(scenario: Scenario, question: string, revealed: Revealed): Probe {
  const intention = scenario as IntentionScenario;
  const remaining = intention.details.filter((d) => !revealed.items.has(d.id));
  const verdict = judgeQuestion(intention, question, remaining);
  const rows: ProbeRow[] = intention.details.map((d) => {
    const item = label(d);
    if (revealed.items.has(d.id)) {
      const again = coversDetail(question, d) ? "; the question asks for it again, which earns nothing" : "";
      return { item, targeted: false, why: `already covered (${revealed.items.get(d.id)})${again}` };
    }
    if (verdict.covered.includes(d.id)) return { item, targeted: true, why: coveredBecause(question, d) };
    return { item, targeted: false, why: missReason(d) };
  });
  const what =
    verdict.covered.length > 0
      ? `covers ${verdict.covered.join(", ")}: the user answers ${verdict.covered.length === 1 ? "it" : "them"}`
      : verdict.onTask
        ? "on task, but covers no remaining detail: the user gives a non-committal reply"
        : "off task: it shares no key word with the request, and the user steers back to it";
  return { verdict: what, rows };
}

function track(scenario: Scenario, revealed: Revealed, judgements: readonly Judgement[], turn: number): string[] {
  const intention = scenario as IntentionScenario;
  const coverage = judgements.find((j) => j.kind === "coverage");
  const reply = judgements.find((j) => j.kind === "reply");
  // The mechanics count a coverage only when the user's reply was given (a failed reply covers nothing).
  if (!coverage || coverage.source === "fallback" || !reply || reply.source === "fallback" || !Array.isArray(coverage.value.covered)) return [];
  const named = new Set(coverage.value.covered as unknown[]);
  const now = intention.details.filter((d) => named.has(d.id) && !revealed.items.has(d.id));
  for (const d of now) revealed.items.set(d.id, `covered at turn ${turn}`);
  return now.map(label);
}

function hidden(scenario: Scenario, revealed: Revealed): HiddenItem[] {
  return (scenario as IntentionScenario).details.map((d) => ({
    item: label(d),
    about: `${d.about}, importance ${d.importance}`,
    holds: d.answers.length === 0 ? "(undecided: no answers declared)" : d.answers.length === 1 ? d.answers[0]! : `one of: ${d.answers.join(" | ")}`,
    revealed: revealed.items.get(d.id) ?? null,
  }));
}

export const intentionLens: GymLens = { asks: "action", probe, track, hidden, recorded: () => new RecordedIntentionSimulator() };
