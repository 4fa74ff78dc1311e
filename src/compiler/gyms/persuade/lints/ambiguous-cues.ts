import type { LintRule } from "../../../gym.js";
import type { PersuadeScenario } from "../ir.js";
import { touchedReasons } from "../judge.js";
import { cueSpan, yieldsBlock } from "./locate.js";

/**
 * UB3011: an argument made of one cue should touch that cue's reason and no other (judge.ts
 * touchedReasons). A cue shared by two reasons is reported once, at the later reason.
 */
export const ambiguousCues: LintRule<PersuadeScenario> = {
  name: "ambiguous-cues",
  run(ir, view, reporter) {
    ir.reasons.forEach((reason, i) => {
      for (const cue of reason.cues) {
        const later = new Set(ir.reasons.slice(i + 1).filter((r) => r.cues.includes(cue)).map((r) => r.id));
        const others = touchedReasons(ir, cue).filter((id) => id !== reason.id && !later.has(id));
        if (others.length === 0) continue;
        const names = others.map((id) => `'${ir.reasons.find((r) => r.id === id)!.name}'`).join(" and ");
        reporter.report(
          "UB3011",
          `cue '${cue}' of reason '${reason.name}' also touches ${names}`,
          cueSpan(view, reason.name, cue) ?? yieldsBlock(view, reason.name)?.name.span ?? view.span,
          "an argument using it would move the persona on both; give each reason its own cue words",
        );
      }
    });
  },
};
