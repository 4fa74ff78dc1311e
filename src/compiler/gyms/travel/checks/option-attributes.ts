import { didYouMean } from "../../../../diagnostics/did-you-mean.js";
import type { CheckRule } from "../../../walk.js";
import { declaredFieldNames, knownFields } from "../aspect-parts.js";
import { typeMismatch } from "../types.js";

/**
 * UB2008: an option attribute its aspect does not declare. UB2009: a declared field the option
 * leaves out. UB2010: a value that does not fit the field's type.
 */
export const optionAttributes: CheckRule = {
  name: "option-attributes",
  create: ({ reporter }) => {
    // Options are checked one by one; their aspect's fields are read once.
    const fieldsByAspect = new Map<string, { fields: ReturnType<typeof knownFields>; names: string[] }>();
    return {
      option(option, aspect) {
        let declared = fieldsByAspect.get(aspect.name.name);
        if (!declared) fieldsByAspect.set(aspect.name.name, (declared = { fields: knownFields(aspect), names: declaredFieldNames(aspect) }));
        const { fields, names } = declared;
        for (const entry of option.attributes.entries) {
          const field = fields.find((f) => f.name === entry.key.name);
          if (!field && names.includes(entry.key.name)) continue; // its type is unknown: reported once, by field-types
          if (!field) {
            reporter.report(
              "UB2008",
              `option '${option.id.name}' gives '${entry.key.name}', which aspect '${aspect.name.name}' does not declare`,
              entry.key.span,
              didYouMean(entry.key.name, names) ?? `add it to fields, or remove it (fields: ${names.join(", ")})`,
            );
            continue;
          }
          const mismatch = typeMismatch(field.type, entry.value);
          if (mismatch) reporter.report("UB2010", `'${entry.key.name}' of option '${option.id.name}': ${mismatch[1]}`, mismatch[0].span);
        }
        for (const name of names) {
          if (!option.attributes.entries.some((e) => e.key.name === name)) {
            reporter.report("UB2009", `option '${option.id.name}' has no '${name}'`, option.id.span, `give every declared field a value (an empty list is [])`);
          }
        }
      },
    };
  },
};
