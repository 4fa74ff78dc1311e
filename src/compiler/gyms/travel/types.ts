import type * as A from "../../../dsl/ast.js";
import type { Field, FieldType } from "./ir.js";

/** Field types of an aspect: resolving declarations, checking values, reading paths. */

export const typeNames = ["string", "number", "bool", "list"] as const;

/** The declared type, or undefined when it names an unknown type (reported by field-types). */
export function resolveType(node: A.TypeNode): FieldType | undefined {
  if (node.kind === "RecordType") {
    const fields = resolveFields(node.fields);
    return fields && { kind: "record", fields };
  }
  const name = node.name.name;
  if (name === "list") {
    const inner = node.argument && resolveType(node.argument);
    return inner && { kind: "list", of: inner };
  }
  if (node.argument) return undefined;
  if (name === "string" || name === "number" || name === "bool") return { kind: name };
  return undefined;
}

export function resolveFields(decls: readonly A.FieldDecl[]): Field[] | undefined {
  const fields: Field[] = [];
  for (const decl of decls) {
    const type = resolveType(decl.type);
    if (!type) return undefined;
    fields.push({ name: decl.name.name, type, aka: decl.aka.map((a) => a.value) });
  }
  return fields;
}

export function describeType(type: FieldType): string {
  switch (type.kind) {
    case "list":
      return `list<${describeType(type.of)}>`;
    case "record":
      return `{ ${type.fields.map((f) => `${f.name}: ${describeType(f.type)}`).join(", ")} }`;
    default:
      return type.kind;
  }
}

export function describeValue(value: A.Value): string {
  switch (value.kind) {
    case "Number": return "a number";
    case "Range": return "a range";
    case "String": return "a string";
    case "Bool": return "true/false";
    case "Name": return `the bare name '${value.name}' (strings need quotes)`;
    case "List": return "a list";
    case "Record": return "a record";
  }
}

function wrongKind(type: FieldType, value: A.Value): [A.Value, string] {
  return [value, `expected ${describeType(type)}, found ${describeValue(value)}`];
}

/** The first place a value departs from its type, as [span, message]; undefined when it fits. */
export function typeMismatch(type: FieldType, value: A.Value): [A.Value, string] | undefined {
  switch (type.kind) {
    case "string": return value.kind === "String" ? undefined : wrongKind(type, value);
    case "number": return value.kind === "Number" ? undefined : wrongKind(type, value);
    case "bool": return value.kind === "Bool" ? undefined : wrongKind(type, value);
    case "list": {
      if (value.kind !== "List") return wrongKind(type, value);
      for (const item of value.items) {
        const inner = typeMismatch(type.of, item);
        if (inner) return inner;
      }
      return undefined;
    }
    case "record": {
      if (value.kind !== "Record") return wrongKind(type, value);
      for (const entry of value.entries) {
        const field = type.fields.find((f) => f.name === entry.key.name);
        if (!field) return [entry.value, `'${entry.key.name}' is not a field of ${describeType(type)}`];
        const inner = typeMismatch(field.type, entry.value);
        if (inner) return inner;
      }
      const missing = type.fields.find((f) => !value.entries.some((e) => e.key.name === f.name));
      return missing ? [value, `missing field '${missing.name}'`] : undefined;
    }
  }
}

/** The type at a dotted path through record fields, or the segment index that failed. */
export function typeAtPath(fields: readonly Field[], path: readonly string[]): { type: FieldType } | { failedAt: number; candidates: string[] } {
  let current: readonly Field[] = fields;
  let type: FieldType | undefined;
  for (let i = 0; i < path.length; i++) {
    const field = current.find((f) => f.name === path[i]);
    if (!field) return { failedAt: i, candidates: current.map((f) => f.name) };
    type = field.type;
    if (i < path.length - 1) {
      if (type.kind !== "record") return { failedAt: i + 1, candidates: [] };
      current = type.fields;
    }
  }
  return type ? { type } : { failedAt: 0, candidates: fields.map((f) => f.name) };
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A checked literal as plain JSON for the IR. */
export function valueToJson(value: A.Value): Json {
  switch (value.kind) {
    case "Number": return value.value;
    case "String": return value.value;
    case "Bool": return value.value;
    case "Name": return value.name;
    case "Range": return [value.low.value, value.high.value];
    case "List": return value.items.map(valueToJson);
    case "Record": {
      const record: { [key: string]: Json } = {};
      for (const entry of value.entries) {
        const key = entry.key.name;
        // An attribute may be called `__proto__`: define it, as assigning would set the prototype.
        if (key === "__proto__") Object.defineProperty(record, key, { value: valueToJson(entry.value), enumerable: true, writable: true, configurable: true });
        else record[key] = valueToJson(entry.value);
      }
      return record;
    }
  }
}
