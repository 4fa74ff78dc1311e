import type { TravelPreference } from "../../../compiler/gyms/travel/ir.js";
import { safeText, textSource } from "../../simulator-text.js";
import type { Judgement } from "../../types.js";
import { safeJudgement, type HandlerResult } from "./handler.js";
import { replies } from "./replies.js";
import { scenarioIndex } from "./scenario-index.js";
import type { TravelSimulator, UtteranceVerdict } from "./simulator.js";
import type { TravelState } from "./state.js";

const TYPES = new Set(["unrelated", "targeted", "absent", "vague"]);

/**
 * `[action]`: the judge classifies the utterance (the seed's four types). A targeted question
 * makes the user reveal that preference implicitly (rewards.elicit, actively elicited). After
 * `reveal_after` off-target action turns in a row the user volunteers a seeded-random remaining
 * preference (passively elicited, reward 0). Other choices neither extend nor break the streak.
 */
export async function handleUtterance(state: TravelState, simulator: TravelSimulator, utterance: string): Promise<HandlerResult> {
  const { scenario } = state;
  state.actions++;
  const remaining = state.remaining();
  const judgement = await safeJudgement(
    "utterance",
    () => simulator.judgeUtterance({ scenario, utterance, remaining, history: state.history }),
    (value) => checkVerdict(value, remaining),
  );
  if (judgement.source === "fallback") return fallback(state, [judgement]);
  const verdict = judgement.value as unknown as UtteranceVerdict;

  if (verdict.type === "targeted") {
    const preference = scenarioIndex(scenario).preferenceById.get(verdict.preference!)!;
    const reveal = await safeText(
      "reveal",
      () => simulator.reveal({ scenario, preference, utterance, history: state.history, rng: state.userRng }),
      replies.utteranceFallback,
      textSource(simulator),
      { preference: preference.id, proactive: false },
    );
    if (reveal.judgement.source === "fallback") return fallback(state, [judgement, reveal.judgement]);
    state.revealed.set(preference.id, "active");
    state.targetedActions++;
    state.offTargetStreak = 0;
    return { reward: scenario.rewards.elicit, feedback: reveal.text, judgements: [judgement, reveal.judgement] };
  }

  const judgements: Judgement[] = [judgement];
  let feedback: string;
  if (verdict.type === "unrelated") {
    const chat = await safeText("chat", () => simulator.chat({ scenario, utterance, history: state.history, rng: state.userRng }), replies.utteranceFallback, textSource(simulator));
    if (chat.judgement.source === "fallback") state.fallbacks++;
    judgements.push(chat.judgement);
    feedback = chat.text.trim() === "" ? replies.utteranceFallback : chat.text;
  } else feedback = verdict.type === "vague" ? replies.vague : replies.absent;

  state.offTargetStreak++;
  const proactive = await proactiveReveal(state, simulator);
  if (proactive) {
    judgements.push(...proactive.judgements);
    if (proactive.text) feedback += `\n${proactive.text}`;
  }
  return { reward: 0, feedback, judgements };
}

function fallback(state: TravelState, judgements: Judgement[]): HandlerResult {
  state.fallbacks++;
  state.actionFallbacks++;
  return { reward: 0, feedback: replies.utteranceFallback, judgements };
}

function checkVerdict(value: Record<string, unknown>, remaining: readonly TravelPreference[]): string | undefined {
  if (typeof value.type !== "string" || !TYPES.has(value.type)) return `unknown utterance type ${JSON.stringify(value.type)}`;
  if (value.type !== "targeted") return undefined;
  if (typeof value.preference !== "string") return "a targeted utterance needs the preference id";
  if (!remaining.some((p) => p.id === value.preference)) return `preference ${value.preference} is not among the remaining ones`;
  return undefined;
}

async function proactiveReveal(state: TravelState, simulator: TravelSimulator): Promise<{ text?: string; judgements: Judgement[] } | undefined> {
  const after = state.scenario.knobs.reveal_after;
  if (after <= 0 || state.offTargetStreak < after) return undefined;
  const remaining = state.remaining();
  if (remaining.length === 0) return undefined;
  const preference = remaining[state.rng.int(remaining.length)]!;
  const pickJudgement: Judgement = { kind: "proactive", source: "rule", value: { preference: preference.id } };
  const reveal = await safeText(
    "reveal",
    () => simulator.reveal({ scenario: state.scenario, preference, utterance: null, history: state.history, rng: state.userRng }),
    "",
    textSource(simulator),
    { preference: preference.id, proactive: true },
  );
  if (reveal.judgement.source === "fallback") {
    // Nothing was said, so nothing is revealed; the streak stays and the next off-target turn tries again.
    state.fallbacks++;
    return { judgements: [pickJudgement, reveal.judgement] };
  }
  state.revealed.set(preference.id, "passive");
  state.offTargetStreak = 0;
  return { text: reveal.text, judgements: [pickJudgement, reveal.judgement] };
}
