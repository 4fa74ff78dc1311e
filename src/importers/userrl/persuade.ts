import { quote } from "../../dsl/strings.js";
import { asObject, RecordProblem, requiredText } from "../records.js";
import { cleanText, foldProse, literalList, shortTitle, textStatement } from "../source-text.js";
import { deriveReasons } from "./reasons.js";

/**
 * UserRL PersuadeGym records as `gym persuade` scenarios.
 *
 *   {id, claim, argument}   — the persona holds `claim` for the reasons in `argument`
 *
 * claim → claim, argument → believes (white space folded as a `"""` block folds it), the default
 * ladder with `stance "strongly agree" -> "strongly disagree"` (UserRL's start and goal), and
 * reasons (`yields`) derived from the argument (reasons.ts), since the data has none.
 */

export const START_STANCE = "strongly agree";
export const GOAL_STANCE = "strongly disagree";

/** The scenario text of one record (not yet formatted); throws RecordProblem when it cannot be one. */
export function persuadeScenario(id: string, raw: unknown): string {
  const record = asObject(raw, "the record");
  const claim = cleanText(requiredText(record, "claim"));
  const believes = foldProse(requiredText(record, "argument"));
  const reasons = deriveReasons(claim, believes);
  if (reasons.length === 0) throw new RecordProblem("'argument' has no key words (beyond the claim's) to derive the persona's reasons from");

  const blocks = reasons.map((reason) =>
    [
      `  yields ${reason.name} {`,
      textStatement(4, "about", reason.about),
      `    cues ${literalList(reason.cues)}`,
      textStatement(4, "replies", reason.replies),
      "  }",
    ].join("\n"),
  );
  return [
    `scenario ${id} {`,
    "  gym persuade",
    textStatement(2, "title", shortTitle(claim)),
    textStatement(2, "claim", claim),
    textStatement(2, "believes", believes),
    `  stance ${quote(START_STANCE)} -> ${quote(GOAL_STANCE)}`,
    "",
    "  // Derived from the argument by the importer (UserRL has no reasons): see docs/language.md.",
    blocks.join("\n"),
    "}",
  ].join("\n");
}
