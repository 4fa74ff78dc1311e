import type { LintRule } from "../../../gym.js";
import { contentWords, stem } from "../../../text/words.js";
import type { IntentionDetail, IntentionScenario } from "../ir.js";
import { coversDetail } from "../judge.js";
import { missingBlock } from "./locate.js";

function keyWords(text: string): string {
  return [...new Set(contentWords(text).map(stem))].sort().join(" ");
}

/** Why two details are the same, or undefined when they are not. */
function overlap(a: IntentionDetail, b: IntentionDetail): string | undefined {
  const aboutA = keyWords(a.about);
  if (aboutA !== "" && aboutA === keyWords(b.about)) {
    return a.about === b.about ? `both are about "${a.about}"` : `both are about the same key words (${aboutA.split(" ").join(", ")})`;
  }
  for (const [x, y] of [[a, b], [b, a]] as const) {
    const question = x.asks.find((q) => coversDetail(q, y));
    if (question !== undefined) return `the question "${question}" of '${x.name}' also covers '${y.name}'`;
  }
  return undefined;
}

/**
 * UB3009: two details that say the same thing: the same key words in `about`, or an example
 * question of one that covers the other (judge.ts coversDetail). Reported once per pair, at the later one.
 */
export const duplicateDetails: LintRule<IntentionScenario> = {
  name: "duplicate-details",
  run(ir, view, reporter) {
    ir.details.forEach((b, j) => {
      for (const a of ir.details.slice(0, j)) {
        const why = overlap(a, b);
        if (why === undefined) continue;
        const earlier = missingBlock(view, a.name);
        reporter.report(
          "UB3009",
          `details '${a.name}' and '${b.name}' overlap: ${why}`,
          missingBlock(view, b.name)?.name.span ?? view.span,
          "merge them, or reword them so each question asks for one detail",
          earlier ? [reporter.related(earlier.name.span, `'${a.name}' is declared here`)] : undefined,
        );
      }
    });
  },
};
