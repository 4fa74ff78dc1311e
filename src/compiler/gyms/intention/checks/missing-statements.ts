import type * as A from "../../../../dsl/ast.js";
import type { CheckRule } from "../../../walk.js";

const missingStatements = ["importance", "about", "asks", "answers", "cues"];
const onceInMissing = new Set(["importance", "about", "asks"]);

const requiredHint: Record<string, string> = {
  importance: "say how much it matters: importance high (or medium, low)",
  asks: 'give a question that asks for it: asks "How long will you stay?"',
};

function keywordOf(item: A.DetailItem): A.Ident | undefined {
  return item.kind === "When" ? undefined : item.keyword;
}

/**
 * UB2003 / UB2004 / UB2005 inside `missing` blocks: a detail holds only `importance`, `about`,
 * `asks`, `answers` and `cues`; it needs `importance` and `asks`; the first three are given once.
 */
export const missingStatementsCheck: CheckRule = {
  name: "missing-statements",
  create: ({ reporter }) => ({
    detailBlock(block, aspect) {
      if (aspect || block.keyword.name !== "missing") return; // other blocks are reported by statement-placement
      const first = new Map<string, A.DetailItem>();
      for (const item of block.items) {
        const keyword = keywordOf(item)?.name ?? "when";
        if (!missingStatements.includes(keyword)) {
          reporter.report("UB2004", `'${keyword}' does not belong in a missing block`, keywordOf(item)?.span ?? item.span, `a missing block holds: ${missingStatements.join(", ")}`);
          continue;
        }
        const earlier = first.get(keyword);
        if (earlier && onceInMissing.has(keyword)) {
          reporter.report("UB2005", `'${keyword}' is given twice in detail '${block.name.name}'`, keywordOf(item)!.span, keyword === "importance" ? "keep one" : "keep one; give alternatives with |", [
            reporter.related(earlier.span, "first given here"),
          ]);
        }
        if (!earlier) first.set(keyword, item);
      }
      for (const required of ["importance", "asks"]) {
        if (!first.has(required)) reporter.report("UB2003", `detail '${block.name.name}' has no '${required}'`, block.name.span, requiredHint[required]);
      }
    },
  }),
};
