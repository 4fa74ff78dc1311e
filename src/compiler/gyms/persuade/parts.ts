import type * as A from "../../../dsl/ast.js";
import type { ScenarioView } from "../../scenario-view.js";
import { DEFAULT_LADDER } from "./ladder.js";

/** Read-only accessors over a persuade scenario's statements, shared by its checks, lowering and lints. */

/** The statements of a `yields` block, by keyword (repetition is reported by a check; the last one wins). */
export function yieldsParts(block: A.DetailBlock) {
  const texts = (keyword: string) => block.items.filter((i): i is A.TextStatement => i.kind === "TextStatement" && i.keyword.name === keyword);
  const lists = (keyword: string) => block.items.filter((i): i is A.ListStatement => i.kind === "ListStatement" && i.keyword.name === keyword);
  const cueStatements = lists("cues");
  return {
    about: texts("about").at(-1),
    replies: texts("replies").at(-1),
    cueStatements,
    /** Every cue as written, across the block's `cues` statements. */
    cues: cueStatements.flatMap((l) => l.values),
  };
}

/** The scenario's `ladder` statement (own or inherited), if any. */
export function ladderStatement(view: ScenarioView): A.ListStatement | undefined {
  const item = view.last("ladder");
  return item?.kind === "ListStatement" ? item : undefined;
}

/** The stance labels in order: the declared ladder, or UserRL's seven steps. */
export function ladderLabels(view: ScenarioView): string[] {
  return ladderStatement(view)?.values.map((v) => v.value) ?? [...DEFAULT_LADDER];
}

export function stanceStatement(view: ScenarioView): A.StanceStatement | undefined {
  const item = view.last("stance");
  return item?.kind === "Stance" ? item : undefined;
}

/** A reason's topic when `about` is absent: its name with `_` as spaces. */
export function defaultAbout(name: string): string {
  return name.replace(/_/g, " ");
}
