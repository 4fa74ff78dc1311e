import type { Reporter } from "../../context.js";
import type { ResolvedSettings } from "../../gym.js";
import type { Scenario } from "../../ir.js";
import { IR_VERSION } from "../../ir-version.js";
import { texts, type ScenarioView } from "../../scenario-view.js";
import { intentionMaxReturn, intentionShape } from "./derive.js";
import type { Importance, IntentionDetail, IntentionKnobs, IntentionRewards, IntentionScenario } from "./ir.js";
import { defaultAbout, missingParts } from "./parts.js";

/**
 * Lowers a checked intention scenario to IR and derives what authors do not write: detail ids,
 * default descriptions, the shape and the maximum return.
 * Called only when the checks found no error, so the AST is complete here.
 */
export function lowerIntention(view: ScenarioView, settings: ResolvedSettings, _reporter: Reporter): Scenario {
  const details: IntentionDetail[] = view.detailBlocks("missing").map((block, i) => {
    const parts = missingParts(block);
    return {
      id: `D${i + 1}`,
      name: block.name.name,
      importance: parts.importance!.value.name as Importance,
      about: parts.about?.text.alternatives[0]?.value ?? defaultAbout(block.name.name),
      asks: texts(parts.asks?.text),
      answers: parts.answers.map((a) => a.value),
      cues: [...new Set(parts.cues.map((c) => c.value.toLowerCase()))],
    };
  });
  const draft: Omit<IntentionScenario, "source" | "hash"> = {
    irVersion: IR_VERSION,
    id: view.id,
    gym: "intention",
    title: view.text("title")?.alternatives[0]?.value ?? view.id,
    shape: intentionShape(details),
    maxReturn: 0,
    context: view.text("context") ? texts(view.text("context")) : null,
    category: view.text("category")!.alternatives[0]!.value,
    task: texts(view.text("task")),
    details,
    rewards: settings.rewards as unknown as IntentionRewards,
    knobs: settings.knobs as unknown as IntentionKnobs,
  };
  draft.maxReturn = intentionMaxReturn(draft as IntentionScenario);
  return draft as IntentionScenario;
}
