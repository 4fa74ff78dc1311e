import type * as A from "../../../dsl/ast.js";
import type { Field } from "./ir.js";
import { resolveType } from "./types.js";

/** Option id prefixes of UserBench's five aspects; other aspects declare `prefix X`. */
export const defaultPrefixes: Record<string, string> = {
  flight: "F",
  hotel: "H",
  apartment: "A",
  rental_car: "C",
  restaurant: "R",
};

const partsCache = new WeakMap<A.AspectBlock, ReturnType<typeof readAspectParts>>();

/** Read-only accessors over an aspect block's statements (computed once per block). */
export function aspectParts(aspect: A.AspectBlock): ReturnType<typeof readAspectParts> {
  let parts = partsCache.get(aspect);
  if (!parts) partsCache.set(aspect, (parts = readAspectParts(aspect)));
  return parts;
}

function readAspectParts(aspect: A.AspectBlock) {
  const of = <K extends A.AspectItem["kind"]>(kind: K) => aspect.items.filter((i): i is Extract<A.AspectItem, { kind: K }> => i.kind === kind);
  const named = (keyword: string) =>
    aspect.items.filter((i): i is A.NameStatement | A.ListStatement => (i.kind === "NameStatement" || i.kind === "ListStatement") && i.keyword.name === keyword);
  const prefixStatement = named("prefix").at(-1) as A.NameStatement | undefined;
  return {
    prefixStatement,
    prefix: prefixStatement?.value.name ?? defaultPrefixes[aspect.name.name],
    aka: (named("aka") as A.ListStatement[]).flatMap((s) => s.values.map((v) => v.value)),
    fieldDecls: of("Fields").flatMap((f) => f.fields),
    search: of("Search").at(-1),
    preferences: of("DetailBlock"),
    options: of("Option"),
    chooses: of("Choose"),
  };
}

const fieldsCache = new WeakMap<A.AspectBlock, Field[]>();

/** The aspect's fields whose types resolve (unknown types are reported by the field-types check). */
export function knownFields(aspect: A.AspectBlock): Field[] {
  let fields = fieldsCache.get(aspect);
  if (!fields) fieldsCache.set(aspect, (fields = resolveKnownFields(aspect)));
  return fields;
}

function resolveKnownFields(aspect: A.AspectBlock): Field[] {
  const fields: Field[] = [];
  for (const decl of aspectParts(aspect).fieldDecls) {
    const type = resolveType(decl.type);
    if (type) fields.push({ name: decl.name.name, type, aka: decl.aka.map((a) => a.value) });
  }
  return fields;
}

/** Every declared field name, including fields whose type is unknown (so they cause no cascade). */
export function declaredFieldNames(aspect: A.AspectBlock): string[] {
  return aspectParts(aspect).fieldDecls.map((f) => f.name.name);
}

/** Detail statements of a prefer block, by keyword. */
export function preferParts(block: A.DetailBlock) {
  const texts = (keyword: string) => block.items.filter((i): i is A.TextStatement => i.kind === "TextStatement" && i.keyword.name === keyword);
  const lists = (keyword: string) => block.items.filter((i): i is A.ListStatement => i.kind === "ListStatement" && i.keyword.name === keyword);
  return {
    about: texts("about").at(-1),
    says: texts("says").at(-1),
    hints: texts("hints"),
    cues: lists("cues").flatMap((l) => l.values.map((v) => v.value)),
    when: block.items.filter((i): i is A.WhenStatement => i.kind === "When").at(-1),
  };
}
