import { didYouMean } from "../../../../diagnostics/did-you-mean.js";
import type { CheckRule } from "../../../walk.js";
import { aspectParts, defaultPrefixes } from "../aspect-parts.js";

/**
 * UB2016: an aspect without a default prefix must declare one (a misspelled standard aspect is
 * the usual cause). UB2017: option ids start with their aspect's prefix. UB2006: prefixes differ.
 */
export const aspectPrefix: CheckRule = {
  name: "aspect-prefix",
  create: ({ view, reporter }) => ({
    aspect(aspect) {
      const parts = aspectParts(aspect);
      if (parts.prefixStatement && !/^[A-Z]$/.test(parts.prefixStatement.value.name)) {
        reporter.report("UB2016", `prefix '${parts.prefixStatement.value.name}' must be one capital letter`, parts.prefixStatement.value.span, "e.g. prefix T");
        return;
      }
      if (!parts.prefix) {
        const suggestion = didYouMean(aspect.name.name, Object.keys(defaultPrefixes));
        reporter.report(
          "UB2016",
          `aspect '${aspect.name.name}' needs a prefix letter for its option ids`,
          aspect.name.span,
          suggestion ? `${suggestion} (or declare 'prefix ${letterFor(aspect.name.name)}')` : `declare one, e.g. prefix ${letterFor(aspect.name.name)}`,
        );
        return;
      }
      for (const option of parts.options) {
        if (!new RegExp(`^${parts.prefix}[0-9]+$`).test(option.id.name)) {
          reporter.report(
            "UB2017",
            `option '${option.id.name}' of aspect '${aspect.name.name}' should be named ${parts.prefix}<number>`,
            option.id.span,
            `e.g. ${parts.prefix}${parts.options.indexOf(option) + 1}`,
          );
        }
      }
    },
    scenario() {
      const byPrefix = new Map<string, string>();
      for (const aspect of view.aspects) {
        const prefix = aspectParts(aspect).prefix;
        if (!prefix) continue;
        const other = byPrefix.get(prefix);
        if (other && other !== aspect.name.name) {
          reporter.report("UB2006", `aspects '${other}' and '${aspect.name.name}' share the prefix '${prefix}'`, aspect.name.span, "declare a different 'prefix' for one of them");
        } else byPrefix.set(prefix, aspect.name.name);
      }
    },
  }),
};

/** A suggested prefix: the aspect's first letter, capitalised. */
function letterFor(name: string): string {
  return (/[A-Za-z]/.exec(name)?.[0] ?? "X").toUpperCase();
}
