import type * as A from "../../dsl/ast.js";
import type { Reporter } from "../context.js";
import type { CheckRule } from "../walk.js";
import { reportDuplicateNames } from "./duplicate-names.js";

/**
 * UB2006 for a key given twice in one record (`search { ... }`, an option's attributes, a record
 * nested in them) or one settings block (`rewards { ... }`): the last value would silently win,
 * which can change the best option or the rewards. Both places are shown.
 */
export const repeatedKeys: CheckRule = {
  name: "repeated-keys",
  create: ({ reporter }) => ({
    settings(block) {
      const what = block.keyword.name === "rewards" ? "reward" : "knob";
      reportDuplicateNames(reporter, block.settings.map((s) => s.key), what, "keep one value");
    },
    aspectItem(item) {
      if (item.kind === "Search") checkRecords(item.args, reporter);
      if (item.kind === "Option") checkRecords(item.attributes, reporter);
    },
  }),
};

/** The record and every record inside its values (nesting is bounded by the parser's MAX_NESTING). */
function checkRecords(value: A.Value, reporter: Reporter): void {
  if (value.kind === "Record") {
    reportDuplicateNames(reporter, value.entries.map((e) => e.key), "key", "keep one value");
    for (const entry of value.entries) checkRecords(entry.value, reporter);
  } else if (value.kind === "List") {
    for (const item of value.items) checkRecords(item, reporter);
  }
}
