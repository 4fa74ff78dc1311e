import type { Reporter } from "../../context.js";
import type { ResolvedSettings } from "../../gym.js";
import type { Scenario } from "../../ir.js";
import { IR_VERSION } from "../../ir-version.js";
import { texts, type ScenarioView } from "../../scenario-view.js";
import { goalSpan, persuadeMaxReturn, persuadeShape, reasonLevels } from "./derive.js";
import type { PersuadeKnobs, PersuadeReason, PersuadeRewards, PersuadeScenario } from "./ir.js";
import { defaultAbout, ladderLabels, stanceStatement, yieldsParts } from "./parts.js";

/**
 * Lowers a checked persuade scenario to IR and derives what authors do not write: reason ids,
 * the default opening, ladder and stance, each reason's levels, the shape and the maximum return.
 * Called only when the checks found no error, so the AST is complete here.
 */
export function lowerPersuade(view: ScenarioView, settings: ResolvedSettings, _reporter: Reporter): Scenario {
  const ladder = ladderLabels(view);
  const stance = stanceStatement(view);
  const start = stance ? ladder.indexOf(stance.from.value) : 0;
  const goal = stance ? ladder.indexOf(stance.to.value) : ladder.length - 1;
  const blocks = view.detailBlocks("yields");
  const span = goalSpan({ start, goal });
  const levels = reasonLevels(span, blocks.length);
  const reasons: PersuadeReason[] = blocks.map((block, i) => {
    const parts = yieldsParts(block);
    return {
      id: `R${i + 1}`,
      name: block.name.name,
      about: parts.about?.text.alternatives[0]?.value ?? defaultAbout(block.name.name),
      cues: [...new Set(parts.cues.map((c) => c.value.toLowerCase()))],
      replies: texts(parts.replies?.text),
      levels: levels[i]!,
    };
  });
  const claim = texts(view.text("claim"));
  const draft: Omit<PersuadeScenario, "source" | "hash"> = {
    irVersion: IR_VERSION,
    id: view.id,
    gym: "persuade",
    title: view.text("title")?.alternatives[0]?.value ?? view.id,
    shape: persuadeShape(span, reasons.length),
    maxReturn: 0,
    context: view.text("context") ? texts(view.text("context")) : null,
    claim,
    believes: texts(view.text("believes")),
    opening: view.text("opening") ? texts(view.text("opening")) : claim,
    ladder,
    start,
    goal,
    reasons,
    rewards: settings.rewards as unknown as PersuadeRewards,
    knobs: settings.knobs as unknown as PersuadeKnobs,
  };
  draft.maxReturn = persuadeMaxReturn(draft as PersuadeScenario);
  return draft as PersuadeScenario;
}
