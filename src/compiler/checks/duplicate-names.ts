import type { Ident } from "../../dsl/ast.js";
import type { Reporter } from "../context.js";

/** UB2006 for every name declared again after its first declaration (shared by the gyms' checks). */
export function reportDuplicateNames(reporter: Reporter, names: readonly Ident[], what: string, hint = "rename one of them"): void {
  const first = new Map<string, Ident>();
  for (const name of names) {
    const earlier = first.get(name.name);
    if (earlier) {
      reporter.report("UB2006", `${what} '${name.name}' is declared twice`, name.span, hint, [reporter.related(earlier.span, "first declared here")]);
    } else first.set(name.name, name);
  }
}
