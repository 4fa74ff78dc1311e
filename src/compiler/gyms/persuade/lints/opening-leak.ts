import type { LintRule } from "../../../gym.js";
import { containsPhrase } from "../../../text/words.js";
import type { PersuadeScenario } from "../ir.js";
import { textSpan } from "../../../scenario-view.js";

/**
 * UB3012: the opening (when written) and the context must not use a cue of the persona's reasons:
 * it would tell the agent what moves the persona. Words of the claim are public and never leak.
 */
export const openingLeak: LintRule<PersuadeScenario> = {
  name: "opening-leak",
  run(ir, view, reporter) {
    const statements = [...view.all("opening"), ...view.all("context")];
    const visible = [...(view.text("opening") ? ir.opening.map((t) => ["opening", t] as const) : []), ...(ir.context ?? []).map((t) => ["context", t] as const)];
    const publicCue = (cue: string) => ir.claim.some((claim) => containsPhrase(claim, cue));
    for (const [where, text] of visible) {
      for (const reason of ir.reasons) {
        const cue = reason.cues.find((c) => containsPhrase(text, c) && !publicCue(c));
        if (cue === undefined) continue;
        reporter.report(
          "UB3012",
          `the ${where} gives away reason '${reason.name}' with '${cue}'`,
          textSpan(statements, text) ?? view.span,
          "leave the persona's reasons for the agent to find (the claim's own words are fine)",
        );
      }
    }
  },
};
