import type * as A from "../../../../dsl/ast.js";
import type { Span } from "../../../../diagnostics/span.js";
import { didYouMean } from "../../../../diagnostics/did-you-mean.js";
import type { Reporter } from "../../../context.js";
import type { CheckRule } from "../../../walk.js";
import type { Field, FieldType } from "../ir.js";
import { declaredFieldNames, knownFields } from "../aspect-parts.js";
import { describeType, describeValue, typeAtPath } from "../types.js";

/**
 * UB2011: a predicate names an attribute its aspect does not declare.
 * UB2012: the operator or the compared value does not fit the attribute's type.
 */
export const predicateTypes: CheckRule = {
  name: "predicate-types",
  create: ({ reporter }) => ({
    when(when, _block, aspect) {
      if (aspect) checkExpr(when.expr, knownFields(aspect), new Set(declaredFieldNames(aspect)), reporter);
    },
  }),
};

/** `declared` also holds fields of unknown type: reading those is not a second error. */
function checkExpr(expr: A.Expr, fields: Field[], declared: ReadonlySet<string>, reporter: Reporter): void {
  switch (expr.kind) {
    case "Or":
    case "And":
      for (const operand of expr.operands) checkExpr(operand, fields, declared, reporter);
      return;
    case "Not":
      checkExpr(expr.operand, fields, declared, reporter);
      return;
  }
  const head = expr.path.segments[0]!.name;
  if (declared.has(head) && !fields.some((f) => f.name === head)) return;
  const type = resolvePath(expr.path, fields, reporter);
  if (!type) return;
  const problem = operatorProblem(expr, type);
  if (problem) reporter.report("UB2012", problem[1], problem[0], problem[2]);
}

function resolvePath(path: A.PathNode, fields: Field[], reporter: Reporter): FieldType | undefined {
  const names = path.segments.map((s) => s.name);
  const found = typeAtPath(fields, names);
  if ("type" in found) return found.type;
  const segment = path.segments[found.failedAt] ?? path.segments[0]!;
  const hint = found.candidates.length > 0 ? didYouMean(segment.name, found.candidates) ?? `fields: ${found.candidates.join(", ")}` : "only record fields have '.' paths";
  reporter.report("UB2011", `'${names.slice(0, found.failedAt + 1).join(".")}' is not a declared attribute`, segment.span, hint);
  return undefined;
}

type Problem = [Span, string, string?];

function operatorProblem(expr: A.CompareExpr | A.HasExpr | A.InExpr | A.TruthyExpr, type: FieldType): Problem | undefined {
  const attr = expr.path.segments.map((s) => s.name).join(".");
  const typeText = describeType(type);
  switch (expr.kind) {
    case "Truthy":
      return type.kind === "bool" ? undefined : [expr.span, `'${attr}' is ${typeText}; a bare attribute needs a bool`, `compare it: ${attr} == ...`];
    case "Has": {
      const elementOk = (type.kind === "list" && type.of.kind === "string") || type.kind === "string";
      if (!elementOk) return [expr.span, `'has' needs a string or list<string>, but '${attr}' is ${typeText}`, "use a comparison or 'in'"];
      return expr.value.kind === "String" ? undefined : [expr.value.span, `'has' takes a string, found ${describeValue(expr.value)}`];
    }
    case "In": {
      if (expr.value.kind === "Range") {
        return type.kind === "number" ? undefined : [expr.span, `a range needs a number, but '${attr}' is ${typeText}`];
      }
      if (expr.value.kind !== "List") return [expr.value.span, `'in' takes a list [..] or a range lo .. hi`];
      if (type.kind !== "string" && type.kind !== "number" && type.kind !== "bool") return [expr.span, `'in' needs a string, number or bool, but '${attr}' is ${typeText}`];
      const bad = expr.value.items.find((i) => !scalarFits(type.kind as "string" | "number" | "bool", i));
      return bad ? [bad.span, `'${attr}' is ${typeText}, but the list holds ${describeValue(bad)}`] : undefined;
    }
    case "Compare": {
      if (expr.op === "==" || expr.op === "!=") {
        if (type.kind === "list" || type.kind === "record") return [expr.span, `'${expr.op}' compares single values, but '${attr}' is ${typeText}`, type.kind === "list" ? `use: ${attr} has ...` : undefined];
        return scalarFits(type.kind, expr.value) ? undefined : [expr.value.span, `'${attr}' is ${typeText}, compared with ${describeValue(expr.value)}`];
      }
      if (type.kind !== "number" && type.kind !== "string") return [expr.span, `'${expr.op}' orders numbers or strings, but '${attr}' is ${typeText}`];
      return scalarFits(type.kind, expr.value) ? undefined : [expr.value.span, `'${attr}' is ${typeText}, compared with ${describeValue(expr.value)}`];
    }
  }
}

function scalarFits(kind: "string" | "number" | "bool", value: A.Value): boolean {
  return (kind === "string" && value.kind === "String") || (kind === "number" && value.kind === "Number") || (kind === "bool" && value.kind === "Bool");
}
