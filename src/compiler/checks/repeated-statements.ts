import type { ScenarioItem } from "../../dsl/ast.js";
import { itemKeyword } from "../gym.js";
import type { CheckRule } from "../walk.js";

/** UB2005: a statement that takes one value, written twice in one scenario or defaults block. */
export const repeatedStatements: CheckRule = {
  name: "repeated-statements",
  create: ({ view, gym, reporter }) => ({
    scenario() {
      const blocks = [view.block, ...view.defaults];
      for (const block of blocks) {
        const first = new Map<string, ScenarioItem>();
        for (const item of block.items) {
          const keyword = itemKeyword(item);
          const once = keyword === "gym" || keyword === "rewards" || keyword === "knobs" || gym?.statements[keyword]?.once;
          if (!once) continue;
          const earlier = first.get(keyword);
          if (earlier) {
            const span = "keyword" in item ? item.keyword.span : item.span;
            reporter.report("UB2005", `'${keyword}' is given twice`, span, repeatHint(keyword), [
              reporter.related(earlier.span, "first given here"),
            ]);
          } else first.set(keyword, item);
        }
      }
    },
  }),
};

function repeatHint(keyword: string): string {
  if (["title", "context", "opening", "claim", "believes", "category", "task"].includes(keyword)) {
    return `keep one; give alternative phrasings in one statement: ${keyword} "..." | "..."`;
  }
  if (keyword === "rewards" || keyword === "knobs") return `merge them into one ${keyword} { ... } block`;
  return "keep one";
}
