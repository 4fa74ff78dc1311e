import type * as A from "../../../../dsl/ast.js";
import type { Reporter } from "../../../context.js";
import { words } from "../../../text/words.js";
import type { CheckRule } from "../../../walk.js";

/** UB2022: every phrasing of a text and every cue has words (ladder labels are checked by `ladder`). */
export const emptyTexts: CheckRule = {
  name: "empty-texts",
  create: ({ reporter }) => ({
    item(item) {
      if (item.kind === "TextStatement" || (item.kind === "ListStatement" && item.keyword.name !== "ladder")) checkStatement(item, reporter);
    },
    detailItem(item, block, aspect) {
      if (aspect || block.keyword.name !== "yields") return;
      if (item.kind === "TextStatement" || item.kind === "ListStatement") checkStatement(item, reporter);
    },
  }),
};

export function checkStatement(statement: A.TextStatement | A.ListStatement, reporter: Reporter): void {
  const strings = statement.kind === "TextStatement" ? statement.text.alternatives : statement.values;
  for (const s of strings) {
    if (words(s.value).length > 0) continue;
    const what = statement.kind === "ListStatement" ? `an entry of '${statement.keyword.name}'` : `'${statement.keyword.name}'`;
    reporter.report("UB2022", `${what} has no words`, s.span, statement.keyword.name === "cues" ? "a cue is a word or phrase an argument contains" : "write what is said, or remove the empty phrasing");
  }
}
