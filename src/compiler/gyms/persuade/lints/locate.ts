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

/** The string node of a text statement's alternative with the given value. */
export function textSpan(statements: readonly A.ScenarioItem[], value: string): Span | undefined {
  for (const s of statements) {
    if (s.kind !== "TextStatement") continue;
    const alt = s.text.alternatives.find((a) => a.value === value);
    if (alt) return alt.span;
  }
  return undefined;
}
