import type * as A from "../../dsl/ast.js";
import type { Reporter } from "../context.js";

/**
 * What a gym's detail blocks (travel's `prefer`, persuade's `yields`, intention's `missing`) may
 * hold. Not a check of its own: each gym's check decides which blocks it covers and calls
 * `checkDetailStatements` with its spec.
 */
export interface DetailStatementsSpec {
  /** What one block is called in messages: "preference", "reason", "detail". */
  noun: string;
  /** Where the statements stand, in messages: "a preference", "a yields block". */
  place: string;
  /** The statements the block may hold, in the order the hint lists them. */
  allowed: readonly string[];
  /** The statements given at most once. */
  once: ReadonlySet<string>;
  /** The statements the block needs, each with the hint that shows how to write it. */
  required: Readonly<Record<string, string>>;
}

function keywordOf(item: A.DetailItem): A.Ident | undefined {
  return item.kind === "When" ? undefined : item.keyword;
}

/** UB2004 for a statement the block may not hold, UB2005 for one given twice, UB2003 for one missing. */
export function checkDetailStatements(block: A.DetailBlock, spec: DetailStatementsSpec, reporter: Reporter): void {
  const first = new Map<string, A.DetailItem>();
  for (const item of block.items) {
    const keyword = keywordOf(item)?.name ?? "when";
    const where = keywordOf(item)?.span ?? item.span;
    if (!spec.allowed.includes(keyword)) {
      reporter.report("UB2004", `'${keyword}' does not belong in ${spec.place}`, where, `${spec.place} holds: ${spec.allowed.join(", ")}`);
      continue;
    }
    const earlier = first.get(keyword);
    if (earlier && spec.once.has(keyword)) {
      // Only texts take alternatives; a `when` or an `importance` is simply given once.
      const hint = item.kind === "TextStatement" ? "keep one; give alternatives with |" : "keep one";
      reporter.report("UB2005", `'${keyword}' is given twice in ${spec.noun} '${block.name.name}'`, where, hint, [reporter.related(earlier.span, "first given here")]);
    }
    if (!earlier) first.set(keyword, item);
  }
  for (const [required, hint] of Object.entries(spec.required)) {
    if (!first.has(required)) reporter.report("UB2003", `${spec.noun} '${block.name.name}' has no '${required}'`, block.name.span, hint);
  }
}
