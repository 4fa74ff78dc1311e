import type { Ident } from "../../../../dsl/ast.js";
import type { Reporter } from "../../../context.js";
import type { CheckRule } from "../../../walk.js";
import { aspectParts } from "../aspect-parts.js";

function reportDuplicates(reporter: Reporter, names: Ident[], what: string): void {
  const first = new Map<string, Ident>();
  for (const name of names) {
    const earlier = first.get(name.name);
    if (earlier) {
      reporter.report("UB2006", `${what} '${name.name}' is declared twice`, name.span, "rename one of them", [reporter.related(earlier.span, "first declared here")]);
    } else first.set(name.name, name);
  }
}

/** UB2006: aspects, preferences and options are unique per scenario; fields per aspect. */
export const uniqueNames: CheckRule = {
  name: "unique-names",
  create: ({ view, reporter }) => ({
    scenario() {
      const aspects = view.aspects;
      reportDuplicates(reporter, aspects.map((a) => a.name), "aspect");
      reportDuplicates(reporter, aspects.flatMap((a) => aspectParts(a).preferences.map((p) => p.name)), "preference");
      reportDuplicates(reporter, aspects.flatMap((a) => aspectParts(a).options.map((o) => o.id)), "option");
    },
    aspect(aspect) {
      reportDuplicates(reporter, aspectParts(aspect).fieldDecls.map((f) => f.name), "field");
    },
  }),
};
