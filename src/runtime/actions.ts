import type { Action, Choice } from "./types.js";

/**
 * The bracketed text form of an action (`[search] ...`, `[action] ...`, `[answer] ...`,
 * `[finish]`), as models without tool calling write it and as the seeds' logs hold it. Parsing is
 * tolerant of case, spacing, a colon after the tag and text before it; a JSON object in the shape
 * of the `interact_with_env` tool call is accepted too.
 */

export const ALL_CHOICES: readonly Choice[] = ["search", "action", "answer", "finish"];

export type ParsedAction = { ok: true; action: Action } | { ok: false; reason: string };

const TAG = /\[\s*([A-Za-z_]+)\s*\]/g;

function isChoice(word: string): word is Choice {
  return (ALL_CHOICES as readonly string[]).includes(word);
}

function fromToolCall(text: string): ParsedAction | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return undefined;
  const { choice, content, thought } = data as Record<string, unknown>;
  if (typeof choice !== "string") return { ok: false, reason: "the tool call has no 'choice'" };
  return build(choice, typeof content === "string" ? content : content === undefined ? "" : JSON.stringify(content), typeof thought === "string" ? thought : undefined);
}

function build(rawChoice: string, rawContent: string, thought?: string): ParsedAction {
  const choice = rawChoice.trim().toLowerCase();
  if (!isChoice(choice)) return { ok: false, reason: `unknown choice '${rawChoice.trim()}'` };
  const content = rawContent.trim().replace(/^:\s*/, "").trim();
  if (choice !== "finish" && content === "") return { ok: false, reason: `[${choice}] needs content after the tag` };
  const action: Action = { choice, content: choice === "finish" ? "" : content };
  if (thought !== undefined) action.thought = thought;
  return { ok: true, action };
}

/** Parses one action from text; several tags in one text: the first is the action, up to the next tag. */
export function parseAction(text: string): ParsedAction {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, reason: "the output is empty" };
  if (trimmed.startsWith("{")) {
    const call = fromToolCall(trimmed);
    if (call) return call;
  }
  const tags = [...trimmed.matchAll(TAG)];
  const first = tags.find((t) => isChoice(t[1]!.toLowerCase()));
  if (!first) {
    const unknown = tags[0];
    if (unknown && unknown.index === 0) return { ok: false, reason: `unknown choice '${unknown[1]}'` };
    return { ok: false, reason: "no bracketed action found" };
  }
  const start = first.index! + first[0].length;
  const next = tags.find((t) => t.index! > first.index! && isChoice(t[1]!.toLowerCase()));
  return build(first[1]!, trimmed.slice(start, next ? next.index : undefined));
}

/** Normalises an action object (from a tool call) the same way the text form is. */
export function normalizeAction(action: Action): ParsedAction {
  return build(action.choice, action.content ?? "", action.thought);
}

/** Refuses a choice the gym does not enable. */
export function checkChoice(action: Action, choices: readonly Choice[]): string | undefined {
  return choices.includes(action.choice) ? undefined : `[${action.choice}] is not available here; use ${choices.map((c) => `[${c}]`).join(", ")}`;
}

export function renderAction(action: Action): string {
  return action.choice === "finish" ? "[finish]" : `[${action.choice}] ${action.content}`;
}
