import type { LintRule } from "../../../gym.js";
import { containsPhrase, contentWords, stem, stemmedWords } from "../../../text/words.js";
import type { IntentionDetail, IntentionScenario } from "../ir.js";
import { textSpan } from "../../../scenario-view.js";

/**
 * What a visible text gives away of a detail: one of its answers, or the key words of its `about`
 * (at least two of them, or all when it has fewer; the category's words are common and never count).
 */
export function detailLeak(text: string, detail: IntentionDetail, category: string): string | undefined {
  const answer = detail.answers.find((a) => containsPhrase(text, a));
  if (answer !== undefined) return answer;
  const common = new Set(stemmedWords(category));
  const keys = contentWords(detail.about).filter((w) => !common.has(stem(w)));
  const seen = new Set(stemmedWords(text));
  const shared = keys.filter((w) => seen.has(stem(w)));
  return keys.length > 0 && shared.length >= Math.min(2, keys.length) ? shared.join(", ") : undefined;
}

/** UB3013: the task, the title and the context must not give a missing detail away. */
export const taskLeak: LintRule<IntentionScenario> = {
  name: "task-leak",
  run(ir, view, reporter) {
    const statements = [...view.all("task"), ...view.all("title"), ...view.all("context")];
    const visible = [
      ...ir.task.map((t) => ["task", t] as const),
      ...(view.text("title") ? [["title", ir.title] as const] : []),
      ...(ir.context ?? []).map((t) => ["context", t] as const),
    ];
    for (const [where, text] of visible) {
      for (const detail of ir.details) {
        const leak = detailLeak(text, detail, ir.category);
        if (leak === undefined) continue;
        reporter.report(
          "UB3013",
          `the ${where} gives away detail '${detail.name}' with '${leak}'`,
          textSpan(statements, text) ?? view.span,
          "leave the missing details for the agent to ask about",
        );
      }
    }
  },
};
