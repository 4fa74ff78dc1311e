import type * as A from "../../../dsl/ast.js";

/** The statements of a `missing` block, by keyword (repetition is reported by a check; the last one wins). */
export function missingParts(block: A.DetailBlock) {
  const texts = (keyword: string) => block.items.filter((i): i is A.TextStatement => i.kind === "TextStatement" && i.keyword.name === keyword);
  const lists = (keyword: string) => block.items.filter((i): i is A.ListStatement => i.kind === "ListStatement" && i.keyword.name === keyword);
  const cueStatements = lists("cues");
  return {
    importance: block.items.filter((i): i is A.NameStatement => i.kind === "NameStatement" && i.keyword.name === "importance").at(-1),
    about: texts("about").at(-1),
    asks: texts("asks").at(-1),
    answers: lists("answers").flatMap((l) => l.values),
    cueStatements,
    cues: cueStatements.flatMap((l) => l.values),
  };
}

/** A detail's description when `about` is absent: its name with `_` as spaces. */
export function defaultAbout(name: string): string {
  return name.replace(/_/g, " ");
}
