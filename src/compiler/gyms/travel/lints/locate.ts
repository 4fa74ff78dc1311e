import type * as A from "../../../../dsl/ast.js";
import type { Span } from "../../../../diagnostics/span.js";
import type { ScenarioView } from "../../../scenario-view.js";
import { aspectParts } from "../aspect-parts.js";

/** Finds the source of IR elements, so lints over the IR point at the right text. */
export function aspectBlock(view: ScenarioView, id: string): A.AspectBlock | undefined {
  return view.aspects.find((a) => a.name.name === id);
}

export function preferBlock(view: ScenarioView, aspect: string, name: string): A.DetailBlock | undefined {
  const block = aspectBlock(view, aspect);
  return block && aspectParts(block).preferences.find((p) => p.name.name === name);
}

export function optionSpan(view: ScenarioView, aspect: string, id: string): Span | undefined {
  const block = aspectBlock(view, aspect);
  return block && aspectParts(block).options.find((o) => o.id.name === id)?.id.span;
}

/** The words that name an aspect (its id and synonyms): saying them reveals no preference. */
export function aspectWords(aspect: { id: string; aka: readonly string[] }): string[] {
  return [aspect.id.replace(/_/g, " "), ...aspect.aka];
}
