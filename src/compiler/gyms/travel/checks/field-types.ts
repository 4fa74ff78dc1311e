import type * as A from "../../../../dsl/ast.js";
import { didYouMean } from "../../../../diagnostics/did-you-mean.js";
import type { Reporter } from "../../../context.js";
import type { CheckRule } from "../../../walk.js";
import { aspectParts } from "../aspect-parts.js";
import { typeNames } from "../types.js";

function checkType(node: A.TypeNode, reporter: Reporter): void {
  if (node.kind === "RecordType") {
    for (const field of node.fields) checkType(field.type, reporter);
    return;
  }
  const name = node.name.name;
  if (name === "list") {
    if (node.argument) checkType(node.argument, reporter);
    else reporter.report("UB2007", "'list' needs an element type", node.name.span, "write list<string>");
    return;
  }
  if (!(typeNames as readonly string[]).includes(name)) {
    reporter.report("UB2007", `unknown type '${name}'`, node.name.span, didYouMean(name, typeNames) ?? "types: string, number, bool, list<T>, { field: T }");
  } else if (node.argument) {
    reporter.report("UB2007", `'${name}' takes no element type`, node.argument.span, "only list<T> has one");
  }
}

/** UB2007: field types are string, number, bool, list<T> or records of those. */
export const fieldTypes: CheckRule = {
  name: "field-types",
  create: ({ reporter }) => ({
    aspect(aspect) {
      for (const field of aspectParts(aspect).fieldDecls) checkType(field.type, reporter);
    },
  }),
};
