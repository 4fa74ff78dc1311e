import type * as A from "../../../../dsl/ast.js";
import type { Span } from "../../../../diagnostics/span.js";
import type { ScenarioView } from "../../../scenario-view.js";
import { yieldsParts } from "../parts.js";

/** Finds the source of IR elements, so lints over the IR point at the right text. */
export function yieldsBlock(view: ScenarioView, name: string): A.DetailBlock | undefined {
  return view.detailBlocks("yields").find((b) => b.name.name === name);
}

/** The string node a (lower-cased) cue of a reason came from. */
export function cueSpan(view: ScenarioView, reason: string, cue: string): Span | undefined {
  const block = yieldsBlock(view, reason);
  return block && yieldsParts(block).cues.find((c) => c.value.toLowerCase() === cue)?.span;
}
