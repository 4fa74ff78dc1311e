import type * as A from "../../../../dsl/ast.js";
import type { Span } from "../../../../diagnostics/span.js";
import type { ScenarioView } from "../../../scenario-view.js";
import { missingParts } from "../parts.js";

/** Finds the source of IR elements, so lints over the IR point at the right text. */
export function missingBlock(view: ScenarioView, name: string): A.DetailBlock | undefined {
  return view.detailBlocks("missing").find((b) => b.name.name === name);
}

/** The string node of one of a detail's example questions. */
export function askSpan(view: ScenarioView, detail: string, question: string): Span | undefined {
  const block = missingBlock(view, detail);
  return block && missingParts(block).asks?.text.alternatives.find((a) => a.value === question)?.span;
}
