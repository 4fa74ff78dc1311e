import type { Json } from "./types.js";
import type { Predicate } from "./ir.js";

/** Evaluates a compiled predicate on an option's attributes. */
export function evaluate(predicate: Predicate, attributes: Record<string, Json>): boolean {
  switch (predicate.op) {
    case "and":
      return predicate.args.every((p) => evaluate(p, attributes));
    case "or":
      return predicate.args.some((p) => evaluate(p, attributes));
    case "not":
      return !evaluate(predicate.arg, attributes);
    case "is":
      return read(attributes, predicate.path) === true;
    case "has": {
      const value = read(attributes, predicate.path);
      const needle = predicate.value.toLowerCase();
      if (Array.isArray(value)) return value.some((v) => typeof v === "string" && v.toLowerCase() === needle);
      return typeof value === "string" && value.toLowerCase().includes(needle);
    }
    case "in": {
      const value = read(attributes, predicate.path);
      return predicate.values.some((v) => v === value);
    }
    case "between": {
      const value = read(attributes, predicate.path);
      return typeof value === "number" && value >= predicate.low && value <= predicate.high;
    }
    default:
      return compare(predicate.op, read(attributes, predicate.path), predicate.value as Json);
  }
}

function read(attributes: Record<string, Json>, path: readonly string[]): Json | undefined {
  let current: Json | undefined = attributes;
  for (const key of path) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = current[key];
  }
  return current;
}

function compare(op: "<" | "<=" | ">" | ">=" | "==" | "!=", left: Json | undefined, right: Json): boolean {
  if (op === "==") return left === right;
  if (op === "!=") return left !== right;
  const ordered = (typeof left === "number" && typeof right === "number") || (typeof left === "string" && typeof right === "string");
  if (!ordered) return false;
  const l = left as number | string;
  const r = right as number | string;
  switch (op) {
    case "<": return l < r;
    case "<=": return l <= r;
    case ">": return l > r;
    case ">=": return l >= r;
  }
}

/** Literal values a predicate compares with: what a hint must not give away. */
export function predicateValues(predicate: Predicate): (string | number)[] {
  switch (predicate.op) {
    case "and":
    case "or":
      return predicate.args.flatMap(predicateValues);
    case "not":
      return predicateValues(predicate.arg);
    case "is":
      return [];
    case "has":
      return [predicate.value];
    case "in":
      return predicate.values.filter((v): v is string | number => typeof v !== "boolean");
    case "between":
      return [predicate.low, predicate.high];
    default:
      return typeof predicate.value === "string" || typeof predicate.value === "number" ? [predicate.value] : [];
  }
}

export function predicatePaths(predicate: Predicate): string[] {
  switch (predicate.op) {
    case "and":
    case "or":
      return [...new Set(predicate.args.flatMap(predicatePaths))];
    case "not":
      return predicatePaths(predicate.arg);
    default:
      return [predicate.path.join(".")];
  }
}
