import { z } from "zod";
import { didYouMean } from "../diagnostics/did-you-mean.js";
import { assignCredit, resolveCreditSettings, type CreditSettings, type TrajectoryCredit } from "./advantages.js";
import { TURN_CREDITS } from "./credit.js";
import { TRAJECTORY_SCORES } from "./score.js";
import { InputError } from "../user-error.js";

/**
 * The JSON I/O of `ubc advantages`: input validated with zod, every problem reported with the path
 * of the field (`groups[1][0].tokens: expected 4 numbers (one per reward), got 3`), output written
 * deterministically (same input, same bytes).
 */

/** Bad input: the message names the field (one problem per line). */
export class AdvantagesInputError extends InputError {
  override name = "AdvantagesInputError";
  override readonly problemPerLine = true;
}

const TOP_LEVEL_FIELDS = ["gamma", "turnCredit", "trajectoryScore", "groups"];
const TRAJECTORY_FIELDS = ["rewards", "tokens"];
const MAX_REPORTED = 10;

const Trajectory = z
  .strictObject({
    rewards: z.array(z.number()),
    tokens: z.array(z.number().int().min(0)).optional(),
  })
  .superRefine((trajectory, ctx) => {
    const { rewards, tokens } = trajectory;
    if (tokens !== undefined && tokens.length !== rewards.length) {
      ctx.addIssue({ code: "custom", path: ["tokens"], message: `expected ${rewards.length} numbers (one per reward), got ${tokens.length}` });
    }
  });

export const AdvantagesInputSchema = z.strictObject({
  gamma: z.number().min(0).max(1).optional(),
  turnCredit: z.enum(TURN_CREDITS).optional(),
  trajectoryScore: z.enum(TRAJECTORY_SCORES).optional(),
  groups: z.array(z.array(Trajectory)),
});
export type AdvantagesInput = z.infer<typeof AdvantagesInputSchema>;

type Path = readonly PropertyKey[];

/** `groups[1][0].tokens`, or `input` for the document itself. */
export function formatPath(path: Path): string {
  let text = "";
  for (const key of path) text += typeof key === "number" ? `[${key}]` : `${text === "" ? "" : "."}${String(key)}`;
  return text === "" ? "input" : text;
}

/** What the field at `path` must hold, in words. */
function expectedAt(path: Path): string {
  const last = path.at(-1);
  const parent = path.at(-2);
  if (path.length === 0) return 'a JSON object like {"groups": [[{"rewards": [0, 1], "tokens": [12, 30]}]]}';
  if (last === "gamma") return "a number in [0, 1]";
  if (last === "turnCredit") return `one of ${TURN_CREDITS.join(", ")}`;
  if (last === "trajectoryScore") return `one of ${TRAJECTORY_SCORES.join(", ")}`;
  if (last === "groups") return "an array of groups (each an array of trajectories)";
  if (last === "rewards") return "an array of numbers (one reward per turn)";
  if (last === "tokens") return "an array of whole numbers (agent tokens per turn, one per reward)";
  if (parent === "rewards") return "a finite number";
  if (parent === "tokens") return "a whole number ≥ 0 (a token count)";
  if (path.length === 2) return "a group: an array of trajectories";
  if (path.length === 3) return 'a trajectory: an object like {"rewards": [0, 1], "tokens": [12, 30]}';
  return "something else";
}

/** A value as an error message shows it. */
function show(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty array" : `an array of ${value.length}`;
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? String(value) : "a number too large for a double";
    case "string":
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case "object":
      return "an object";
    default:
      return String(value);
  }
}

function modeHint(path: Path, value: unknown): string {
  if (typeof value !== "string") return "";
  const last = path.at(-1);
  if (last === "trajectoryScore" && value.toLowerCase() === "sum") {
    return " (UserRL's \"Sum\" is 'mean' here, the mean of the turn rewards rounded to 4 decimals; 'sum' is a true sum)";
  }
  const choices: readonly string[] = last === "turnCredit" ? TURN_CREDITS : TRAJECTORY_SCORES;
  const hint = didYouMean(value, choices);
  return hint ? ` (${hint})` : "";
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const where = formatPath(issue.path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const fields = issue.path.length === 0 ? TOP_LEVEL_FIELDS : TRAJECTORY_FIELDS;
      return issue.keys.map((key) => {
        const hint = didYouMean(key, fields);
        return `${formatPath([...issue.path, key])}: unknown field${hint ? `; ${hint}` : ""} (fields: ${fields.join(", ")})`;
      });
    }
    case "custom":
      return [`${where}: ${issue.message}`];
    default: {
      const input = (issue as { input?: unknown }).input;
      if (input === undefined) return [`${where}: missing; expected ${expectedAt(issue.path)}`];
      return [`${where}: expected ${expectedAt(issue.path)}, got ${show(input)}${issue.code === "invalid_value" ? modeHint(issue.path, input) : ""}`];
    }
  }
}

/**
 * Where JSON text first goes wrong (its length when it ends too early). JSON.parse's messages do
 * not always say, and differ between Node versions; this scanner is only run once parsing failed.
 */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  const closers: string[] = [];
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  let i = 0;
  let state: "value" | "firstValue" | "key" | "firstKey" | "colon" | "after" = "value";
  /** Skips the string at i (on its opening quote); false when it is malformed, i then at the fault. */
  const string = (): boolean => {
    for (i++; i < n; ) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const escape = text[i + 1];
        if (escape === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i += 2;
        else return false;
        continue;
      }
      i++;
    }
    return false;
  };
  for (;;) {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
    if (i >= n) return n;
    const ch = text[i]!;
    if (state === "value" || state === "firstValue") {
      if (state === "firstValue" && ch === "]") {
        closers.pop();
        i++;
        state = "after";
      } else if (ch === "{" || ch === "[") {
        closers.push(ch === "{" ? "}" : "]");
        i++;
        state = ch === "{" ? "firstKey" : "firstValue";
      } else if (ch === '"') {
        if (!string()) return i;
        state = "after";
      } else {
        const literal = ["true", "false", "null"].find((word) => text.startsWith(word, i));
        number.lastIndex = i;
        if (literal) i += literal.length;
        else if (number.test(text)) i = number.lastIndex;
        else return i;
        state = "after";
      }
    } else if (state === "key" || state === "firstKey") {
      if (state === "firstKey" && ch === "}") {
        closers.pop();
        i++;
        state = "after";
      } else {
        if (ch !== '"' || !string()) return i;
        state = "colon";
      }
    } else if (state === "colon") {
      if (ch !== ":") return i;
      i++;
      state = "value";
    } else {
      if (closers.length === 0) return i;
      if (ch === ",") state = closers.at(-1) === "}" ? "key" : "value";
      else if (ch !== closers.at(-1)) return i;
      else closers.pop();
      i++;
    }
  }
}

/** "line 3, column 6: unexpected ','" for JSON text that does not parse. */
function jsonErrorMessage(text: string): string {
  const offset = jsonErrorOffset(text);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  const what = offset >= text.length ? "unexpected end of input" : `unexpected ${JSON.stringify(text[offset])}`;
  return `line ${line}, column ${column}: ${what}`;
}

export interface ParsedAdvantagesInput {
  settings: CreditSettings;
  groups: AdvantagesInput["groups"];
}

/**
 * Parses and validates the JSON text; `overrides` (the command's flags) win over the JSON's
 * settings, and defaults fill the rest. Throws AdvantagesInputError naming every bad field.
 */
export function parseAdvantagesInput(text: string, overrides: Partial<CreditSettings> = {}): ParsedAdvantagesInput {
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") {
    throw new AdvantagesInputError('no input: expected a JSON object on stdin, like {"groups": [[{"rewards": [0, 1]}, {"rewards": [1]}]]}');
  }
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new AdvantagesInputError(`input is not valid JSON: ${jsonErrorMessage(body)}`);
  }
  const parsed = AdvantagesInputSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const lines = parsed.error.issues.flatMap(describeIssue);
    const shown = lines.slice(0, MAX_REPORTED);
    if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more`);
    throw new AdvantagesInputError(shown.join("\n"));
  }
  const input = parsed.data;
  const settings = resolveCreditSettings({
    gamma: overrides.gamma ?? input.gamma,
    turnCredit: overrides.turnCredit ?? input.turnCredit,
    trajectoryScore: overrides.trajectoryScore ?? input.trajectoryScore,
  });
  return { settings, groups: input.groups };
}

/** Throws AdvantagesInputError when rewards are so large that a result overflows a double. */
function checkFinite(groups: readonly (readonly TrajectoryCredit[])[]): void {
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    for (let i = 0; i < group.length; i++) {
      const t = group[i]!;
      const bad = !Number.isFinite(t.score)
        ? "score"
        : !Number.isFinite(t.advantage)
          ? "advantage"
          : !t.credits.every(Number.isFinite)
            ? "credits"
            : !t.turnAdvantages.every(Number.isFinite)
              ? "turnAdvantages"
              : undefined;
      if (bad) throw new AdvantagesInputError(`${formatPath(["groups", g, i, "rewards"])}: rewards out of range: this trajectory's ${bad} would overflow a double`);
    }
  }
}

/** The output document: settings used, then one line per trajectory. Deterministic. */
export function formatAdvantagesOutput(settings: CreditSettings, groups: readonly (readonly TrajectoryCredit[])[]): string {
  const list = (values: readonly number[]) => `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
  const line = (t: TrajectoryCredit) =>
    `{"score": ${JSON.stringify(t.score)}, "advantage": ${JSON.stringify(t.advantage)}, "credits": ${list(t.credits)}, "turnAdvantages": ${list(t.turnAdvantages)}}`;
  const group = (g: readonly TrajectoryCredit[]) => (g.length === 0 ? "    []" : `    [\n${g.map((t) => `      ${line(t)}`).join(",\n")}\n    ]`);
  const body = groups.length === 0 ? "[]" : `[\n${groups.map(group).join(",\n")}\n  ]`;
  return [
    "{",
    `  "gamma": ${JSON.stringify(settings.gamma)},`,
    `  "turnCredit": ${JSON.stringify(settings.turnCredit)},`,
    `  "trajectoryScore": ${JSON.stringify(settings.trajectoryScore)},`,
    `  "groups": ${body}`,
    "}",
    "",
  ].join("\n");
}

/** `ubc advantages` without the process: JSON text in, JSON text out; throws AdvantagesInputError. */
export function runAdvantages(text: string, overrides: Partial<CreditSettings> = {}): string {
  const { settings, groups } = parseAdvantagesInput(text, overrides);
  const result = assignCredit(groups, settings);
  checkFinite(result);
  return formatAdvantagesOutput(settings, result);
}
