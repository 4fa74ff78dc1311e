import type { LintRule } from "../../../gym.js";
import type { IntentionScenario } from "../ir.js";
import { judgeQuestion, soloQuestion } from "../judge.js";
import { referencePlay } from "../derive.js";
import { askSpan, missingBlock } from "./locate.js";

/**
 * UB3014 (error): a detail that none of its example questions covers under the built-in judge
 * (judge.ts), so no play covers every detail. UB3015 (warning): a detail whose example questions
 * all cover other details too (with every detail remaining), so an agent must ask the others first
 * or ask them together, and maxReturn may fall below the sum of the details' rewards (imported data
 * often reads this way; it still runs).
 */
export const soloQuestions: LintRule<IntentionScenario> = {
  name: "solo-questions",
  run(ir, view, reporter) {
    const unreachable = new Set(referencePlay(ir).skipped);
    for (const detail of ir.details) {
      if (soloQuestion(ir, detail) !== undefined) continue;
      const question = detail.asks[0]!;
      const span = askSpan(view, detail.name, question) ?? missingBlock(view, detail.name)?.name.span ?? view.span;
      const { covered } = judgeQuestion(ir, question, ir.details);
      const others = covered.filter((id) => id !== detail.id).map((id) => `'${ir.details.find((d) => d.id === id)!.name}'`);
      const more = detail.asks.length > 1 ? ` (nor does any of its ${detail.asks.length - 1} other phrasings)` : "";
      if (unreachable.has(detail.id)) {
        reporter.report(
          "UB3014",
          `no example question covers detail '${detail.name}': "${question}" does not ask for it${more}`,
          span,
          "a question is matched by its key words (4+ letters): use words of the detail's 'about', or add a cue the question contains",
        );
      } else if (!covered.includes(detail.id) || others.length > 0) {
        reporter.report(
          "UB3015",
          `no example question asks for detail '${detail.name}' alone: "${question}" ${others.length > 0 ? `also covers ${others.join(" and ")}` : "does not cover it on its own"}${more}`,
          span,
          `a question covers a detail when it contains one of its cues, or key words of its 'about' or example questions: reword the question${others.length > 0 ? `, or make ${others.join(" and ")} more specific` : ""}`,
        );
      }
    }
  },
};
