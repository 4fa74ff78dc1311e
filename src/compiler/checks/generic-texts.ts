import { hasSpecificWord } from "../text/generic.js";
import type { CheckRule } from "../walk.js";
import { hasWords } from "./empty-texts.js";

/** The statements whose texts a question or argument is matched against. */
const MATCHED = new Set(["cues", "asks"]);

/**
 * UB3016: a cue or example question (`asks`) made only of generic words ("tell me more": see
 * text/generic.ts) targets nothing: the built-in user ignores it, so a detail or preference that
 * relies on it cannot be asked for, and an LLM user told to reward it would reward any question.
 * One check for every gym; each names the detail block that holds its cues. Texts without any
 * words are UB2022's.
 */
export function genericTexts({ detailBlock }: { detailBlock: string }): CheckRule {
  return {
    name: "generic-texts",
    create: ({ reporter }) => ({
      detailItem(item, block) {
        if (block.keyword.name !== detailBlock || (item.kind !== "TextStatement" && item.kind !== "ListStatement")) return;
        if (!MATCHED.has(item.keyword.name)) return;
        const strings = item.kind === "TextStatement" ? item.text.alternatives : item.values;
        for (const s of strings) {
          if (!hasWords(s.value) || hasSpecificWord(s.value)) continue;
          reporter.report(
            "UB3016",
            `${item.keyword.name === "cues" ? "cue" : "question"} ${JSON.stringify(s.value)} is made only of generic words, so it targets nothing`,
            s.span,
            "name what is asked about (a word like \"budget\" or \"garden\"); words like \"tell\", \"more\" or \"details\" fit any question",
          );
        }
      },
    }),
  };
}
