import { interactTool, TOOL_NAME } from "../runtime/agents/openai-agent.js";
import { ALL_CHOICES } from "../runtime/actions.js";
import type { Choice } from "../runtime/types.js";
import { InputError } from "../user-error.js";

export { TOOL_NAME };

/** The `interact_with_env` tool schema (OpenAI function format) with the union of the given choices, in canonical order. */
export function toolSchemaFor(choiceSets: readonly (readonly Choice[])[]): ReturnType<typeof interactTool> {
  const used = new Set(choiceSets.flat());
  return interactTool(ALL_CHOICES.filter((c) => used.has(c)));
}

/** The schema with exactly these choices, in this order (UserRL's seed offers `["action", "answer", "search"]` to every gym). */
export function toolSchemaWithChoices(choices: readonly Choice[]): ReturnType<typeof interactTool> {
  return interactTool(choices);
}

/** Raised for bad user input (missing files, malformed runs); the CLI prints it and exits 1. */
export class ExportInputError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "ExportInputError";
  }
}
