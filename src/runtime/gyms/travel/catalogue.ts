import type { Field, FieldType, TravelAspect, TravelScenario } from "../../../compiler/gyms/travel/ir.js";
import { aspectLabel } from "./scenario-index.js";

/**
 * The search result of an aspect: its whole catalogue with a description of the fields, as the
 * seed returns it. Roles (correct / wrong / best) are never shown. Rendered once per aspect.
 */

const cache = new WeakMap<TravelAspect, string>();

function describeType(type: FieldType): string {
  switch (type.kind) {
    case "string":
      return "text";
    case "number":
      return "number";
    case "bool":
      return "yes/no";
    case "list":
      return `list of ${describeType(type.of)}`;
    case "record":
      return `{ ${type.fields.map((f) => `${f.name}: ${describeType(f.type)}`).join(", ")} }`;
  }
}

function describeField(field: Field): string {
  return `${field.name} (${describeType(field.type)})`;
}

function renderValue(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(renderValue).join(", ");
  if (typeof value === "object") return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${renderValue(v)}`).join("; ")} }`;
  return String(value);
}

export function catalogueText(aspect: TravelAspect): string {
  const cached = cache.get(aspect);
  if (cached !== undefined) return cached;
  const names = aspect.fields.map((f) => f.name);
  const lines = [
    `Search results for ${aspectLabel(aspect)} (${aspect.options.length} options).`,
    `Fields: ${aspect.fields.map(describeField).join(", ")}.`,
    ...aspect.options.map((o) => {
      const shown = [...names, ...Object.keys(o.attributes).filter((k) => !names.includes(k))];
      return `${o.id} | ${shown.filter((k) => k in o.attributes).map((k) => `${k}: ${renderValue(o.attributes[k])}`).join(" | ")}`;
    }),
  ];
  const text = lines.join("\n");
  cache.set(aspect, text);
  return text;
}

/** Lists the aspects to search for, for replies that must point the agent somewhere. */
export function aspectList(scenario: TravelScenario): string {
  return scenario.aspects.map(aspectLabel).join(", ");
}
