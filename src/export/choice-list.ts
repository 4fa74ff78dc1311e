import { ALL_CHOICES } from "../runtime/actions.js";
import type { Choice } from "../runtime/types.js";

/**
 * A `--choices` list ("action,answer,search"): known choice names, none twice, order kept.
 * Throws an Error whose message says what is wrong.
 */
export function parseChoiceList(text: string): Choice[] {
  const names = text.split(",").map((name) => name.trim());
  if (names.some((name) => name === "")) throw new Error(`expected choice names separated by commas (${ALL_CHOICES.join(", ")})`);
  const unknown = names.filter((name) => !(ALL_CHOICES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown choice ${unknown.map((n) => `'${n}'`).join(", ")}; the choices are ${ALL_CHOICES.join(", ")}`);
  if (new Set(names).size !== names.length) throw new Error("a choice is named twice");
  return names as Choice[];
}
