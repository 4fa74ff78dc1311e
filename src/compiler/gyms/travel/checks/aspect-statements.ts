import type * as A from "../../../../dsl/ast.js";
import { checkDetailStatements, type DetailStatementsSpec } from "../../../checks/detail-statements.js";
import type { CheckRule } from "../../../walk.js";
import { aspectParts } from "../aspect-parts.js";

const onceInAspect = new Set(["prefix", "fields", "search", "choose"]);
const preferenceSpec: DetailStatementsSpec = {
  noun: "preference",
  place: "a preference",
  allowed: ["about", "when", "says", "hints", "cues"],
  once: new Set(["about", "says", "when"]),
  required: {
    when: "say which options satisfy it: when rating >= 8.5",
    says: 'state the preference plainly: says "A rating of at least 8.5."',
    hints: 'give how the user hints at it: hints "I read every review now."',
  },
};

function statementName(item: A.AspectItem): string {
  switch (item.kind) {
    case "Fields": return "fields";
    case "Search": return "search";
    case "Choose": return "choose";
    case "Option": return "option";
    default: return item.keyword.name;
  }
}

/**
 * UB2003 / UB2004 / UB2005 inside travel aspects: an aspect needs fields, a search, preferences
 * and options; a preference needs `when`, `says` and `hints`; single statements appear once.
 */
export const aspectStatements: CheckRule = {
  name: "aspect-statements",
  create: ({ reporter }) => ({
    aspect(aspect) {
      const parts = aspectParts(aspect);
      const name = aspect.name.name;
      const need = (present: boolean, what: string, hint: string) => {
        if (!present) reporter.report("UB2003", `aspect '${name}' has no ${what}`, aspect.name.span, hint);
      };
      need(parts.fieldDecls.length > 0, "fields", "declare the option attributes: fields { name: string, cost: number }");
      need(parts.search !== undefined, "search", "give the ground-truth search arguments: search { city: \"Austin\" }");
      need(parts.preferences.length > 0, "preferences", "add at least one prefer block");
      need(parts.options.length > 0, "options", "add the candidate options: option X1 { ... }");
      const seen = new Map<string, A.AspectItem>();
      for (const item of aspect.items) {
        const keyword = statementName(item);
        if (!onceInAspect.has(keyword)) continue;
        const earlier = seen.get(keyword);
        if (earlier) {
          reporter.report("UB2005", `'${keyword}' is given twice in aspect '${name}'`, item.span, "keep one", [reporter.related(earlier.span, "first given here")]);
        } else seen.set(keyword, item);
      }
    },
    detailBlock(block, aspect) {
      if (!aspect) return;
      if (block.keyword.name !== "prefer") {
        reporter.report("UB2004", `'${block.keyword.name}' blocks do not belong in a travel aspect`, block.keyword.span, "travel aspects hold 'prefer' blocks");
        return;
      }
      checkDetailStatements(block, preferenceSpec, reporter);
    },
  }),
};
