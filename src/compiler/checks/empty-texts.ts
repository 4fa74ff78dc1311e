import type * as A from "../../dsl/ast.js";
import type { Reporter } from "../context.js";
import type { CheckRule } from "../walk.js";

/**
 * UB2022: every phrasing of a text, every list entry (`aka`, `cues`, `answers`...) and every field
 * alias has words: at least one letter or digit in any script, so `""`, `" "` and a zero-width
 * space are refused, and `"東京"` is not. One check for every gym; each says which of its detail
 * blocks hold texts and which of its lists another check already covers.
 */
export function emptyTexts({ detailBlock, skipLists = [], cueHint }: { detailBlock: string; skipLists?: readonly string[]; cueHint: string }): CheckRule {
  return {
    name: "empty-texts",
    create: ({ reporter }) => {
      const check = (item: A.ScenarioItem | A.AspectItem | A.DetailItem) => {
        if (item.kind === "TextStatement" || (item.kind === "ListStatement" && !skipLists.includes(item.keyword.name))) checkStatement(item, reporter, cueHint);
        if (item.kind === "Fields") checkFieldAliases(item.fields, reporter);
      };
      return {
        item: check,
        aspectItem: check,
        detailItem(item, block) {
          if (block.keyword.name === detailBlock) check(item);
        },
      };
    },
  };
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function hasWords(text: string): boolean {
  return LETTER_OR_DIGIT.test(text);
}

function checkStatement(statement: A.TextStatement | A.ListStatement, reporter: Reporter, cueHint: string): void {
  const strings = statement.kind === "TextStatement" ? statement.text.alternatives : statement.values;
  for (const s of strings) {
    if (hasWords(s.value)) continue;
    const what = statement.kind === "ListStatement" ? `an entry of '${statement.keyword.name}'` : `'${statement.keyword.name}'`;
    reporter.report("UB2022", `${what} has no words`, s.span, statement.keyword.name === "cues" ? cueHint : "write what is said, or remove the empty phrasing");
  }
}

/** Field aliases, in nested record types too (nesting is bounded by the parser's MAX_NESTING). */
function checkFieldAliases(fields: readonly A.FieldDecl[], reporter: Reporter): void {
  for (const field of fields) {
    for (const alias of field.aka) {
      if (!hasWords(alias.value)) reporter.report("UB2022", `an alias of field '${field.name.name}' has no words`, alias.span, "an alias is a word or phrase a question may use for the field");
    }
    const nested = field.type.kind === "RecordType" ? field.type.fields : field.type.argument?.kind === "RecordType" ? field.type.argument.fields : [];
    checkFieldAliases(nested, reporter);
  }
}
