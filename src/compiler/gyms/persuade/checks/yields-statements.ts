import type * as A from "../../../../dsl/ast.js";
import type { CheckRule } from "../../../walk.js";

const yieldsStatements = ["about", "cues", "replies"];
const onceInYields = new Set(["about", "replies"]);

const requiredHint: Record<string, string> = {
  cues: 'give the words of an argument that touches this reason: cues "price", "afford"',
  replies: 'say how the persona concedes the point: replies "I suppose only the rich would get them."',
};

function keywordOf(item: A.DetailItem): A.Ident | undefined {
  return item.kind === "When" ? undefined : item.keyword;
}

/**
 * UB2003 / UB2004 / UB2005 inside `yields` blocks: a reason holds only `about`, `cues` and
 * `replies`; it needs `cues` and `replies`; `about` and `replies` are given once.
 */
export const yieldsStatementsCheck: CheckRule = {
  name: "yields-statements",
  create: ({ reporter }) => ({
    detailBlock(block, aspect) {
      if (aspect || block.keyword.name !== "yields") return; // other blocks are reported by statement-placement
      const first = new Map<string, A.DetailItem>();
      for (const item of block.items) {
        const keyword = keywordOf(item)?.name ?? "when";
        if (!yieldsStatements.includes(keyword)) {
          reporter.report("UB2004", `'${keyword}' does not belong in a yields block`, keywordOf(item)?.span ?? item.span, `a yields block holds: ${yieldsStatements.join(", ")}`);
          continue;
        }
        const earlier = first.get(keyword);
        if (earlier && onceInYields.has(keyword)) {
          reporter.report("UB2005", `'${keyword}' is given twice in reason '${block.name.name}'`, keywordOf(item)!.span, "keep one; give alternatives with |", [
            reporter.related(earlier.span, "first given here"),
          ]);
        }
        if (!earlier) first.set(keyword, item);
      }
      for (const required of ["cues", "replies"]) {
        if (!first.has(required)) reporter.report("UB2003", `reason '${block.name.name}' has no '${required}'`, block.name.span, requiredHint[required]);
      }
    },
  }),
};
