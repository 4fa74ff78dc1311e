import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Scenario } from "../compiler/ir.js";
import { parseLlmOptions } from "../runtime/llm/config.js";
import { settingsUsed } from "../runtime/overrides.js";
import { toolVersion } from "../version.js";
import { RUN_FILE } from "./eval-files.js";
import { InputError } from "../user-error.js";

/**
 * DIR/run.json: what an eval run is (its identity: agent, user, trials, seed, overrides, sampling,
 * scenarios) and how it was invoked. `--resume` continues a run only when this invocation would
 * run the same thing: any other identity would leave summary.json and run.json describing
 * episodes that were never run (or hide ones that were), so it is refused, naming the setting.
 * Settings that do not change what is run (concurrency, cache mode, endpoints, timeouts) may differ.
 */

export { RUN_FILE };

/** The settings run.json records: those of `ubc eval` (src/eval/settings.ts), named here so that this file needs none of eval. */
export interface RecordedSettings {
  paths: string[];
  user: string;
  trials: number;
  seed: number;
  preset?: string | undefined;
  agentOptions: Record<string, unknown>;
  userOptions: Record<string, unknown>;
}

/** A run.json that cannot be read: exit 1, since the folder's content is the bad input. */
export class RunFileError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "RunFileError";
  }
}

/** The LLM options that change what a model samples; the others (endpoint, timeouts, cache) do not. */
const SAMPLING_KEYS = ["temperature", "topP", "maxTokens", "maxTokensField", "seed"] as const;

/**
 * The sampling options of a role, as the LLM client reads them (camelCase, numbers as numbers);
 * empty for a spec that is not an LLM, which ignores them.
 */
export function samplingOf(spec: string, options: Record<string, unknown>): Record<string, unknown> {
  if (!spec.startsWith("openai:")) return {};
  const parsed = parseLlmOptions(options) as Record<string, unknown>;
  return Object.fromEntries(SAMPLING_KEYS.filter((key) => parsed[key] !== undefined).map((key) => [key, parsed[key]]));
}

/** The parts of run.json that make a run what it is. */
export interface RunIdentity {
  agent: string;
  user: string;
  trials: number;
  seed: number;
  preset?: string | undefined;
  overrides: Record<string, string>;
  sampling: { agent: Record<string, unknown>; user: Record<string, unknown> };
  scenarios: { id: string; hash: string }[];
}

/** What makes this run the run it is (compared by --resume with the folder's run.json). */
export function identityOf(settings: RecordedSettings, agent: string, overrides: Record<string, string>, scenarios: readonly Scenario[]): RunIdentity {
  return {
    agent,
    user: settings.user,
    trials: settings.trials,
    seed: settings.seed,
    preset: settings.preset,
    overrides,
    sampling: { agent: samplingOf(agent, settings.agentOptions), user: samplingOf(settings.user, settings.userOptions) },
    scenarios: scenarios.map((s) => ({ id: s.id, hash: s.hash })),
  };
}

/**
 * run.json: the identity, then the invocation's settings (secrets scrubbed) and each scenario with
 * where its source is: as compiled (`source`, which the scenario's hash covers) and absolute
 * (`path`), with the working folder, so that `ubc report` and `ubc export sft` find the sources
 * from any folder.
 */
export function runRecord(identity: RunIdentity, settings: RecordedSettings, scenarios: readonly Scenario[]): Record<string, unknown> {
  return {
    tool: { name: "ubench", version: toolVersion },
    seed: identity.seed,
    agent: identity.agent,
    user: identity.user,
    trials: identity.trials,
    preset: identity.preset ?? null,
    overrides: identity.overrides,
    sampling: identity.sampling,
    cwd: process.cwd(),
    settings: scrubSecrets({ ...settings, paths: settings.paths }),
    scenarios: scenarios.map((s) => ({ id: s.id, gym: s.gym, hash: s.hash, shape: s.shape, source: s.source.file, path: resolve(s.source.file), maxReturn: s.maxReturn, ...settingsUsed(s) })),
  };
}

/** run.json of the folder, undefined when there is none; a damaged one is a RunFileError. */
export function readRunFile(dir: string): Record<string, unknown> | undefined {
  const file = join(dir, RUN_FILE);
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new RunFileError(`${file} is damaged (${(error as Error).message}); the run cannot be resumed from it: move the folder away, or run again with another --out`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw new RunFileError(`${file} is not a run record (expected a JSON object); move the folder away, or use another --out`);
  return data as Record<string, unknown>;
}

const show = (value: unknown): string => (value === undefined ? "none" : typeof value === "string" ? value : JSON.stringify(value));

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describeScenarioChange(before: readonly { id: string; hash?: string }[], now: readonly { id: string; hash: string }[]): string | undefined {
  const was = new Map(before.map((s) => [s.id, s.hash]));
  const is = new Map(now.map((s) => [s.id, s.hash]));
  const missing = [...was.keys()].filter((id) => !is.has(id));
  const added = [...is.keys()].filter((id) => !was.has(id));
  const edited = [...is.keys()].filter((id) => was.has(id) && was.get(id) !== undefined && was.get(id) !== is.get(id));
  const list = (ids: string[]) => `${ids.slice(0, 5).join(", ")}${ids.length > 5 ? `, … (${ids.length} in all)` : ""}`;
  if (missing.length > 0) return `the paths given leave out ${missing.length} of its scenarios (${list(missing)}); give the same paths`;
  if (added.length > 0) return `the paths given add ${added.length} scenario(s) it did not have (${list(added)}); give the same paths`;
  if (edited.length > 0) return `scenario(s) changed since (${list(edited)}: another hash)`;
  return undefined;
}

/**
 * Why this invocation cannot resume the recorded run, or undefined when it can. Fields an older
 * run.json lacks are not compared.
 */
export function resumeProblem(recorded: Record<string, unknown>, now: RunIdentity): string | undefined {
  const differs = (name: string, flag: string, before: unknown, after: unknown) => `${flag} differs: the run has ${name} ${show(before)}, this invocation ${show(after)}`;
  if ("agent" in recorded && recorded["agent"] !== now.agent) return differs("agent", "--agent", recorded["agent"], now.agent);
  if ("user" in recorded && recorded["user"] !== now.user) return differs("user", "--user", recorded["user"], now.user);
  if ("trials" in recorded && recorded["trials"] !== now.trials) return differs("trials", "--trials", recorded["trials"], now.trials);
  if ("seed" in recorded && recorded["seed"] !== now.seed) return differs("seed", "--seed", recorded["seed"], now.seed);
  if ("preset" in recorded && (recorded["preset"] ?? undefined) !== now.preset) return differs("preset", "--preset", recorded["preset"] ?? undefined, now.preset);
  if ("overrides" in recorded && !sameJson(recorded["overrides"], now.overrides)) return differs("overrides", "--set/--turns/--one-choice/--multi-choice/--preset", recorded["overrides"], now.overrides);
  const sampling = recorded["sampling"] as RunIdentity["sampling"] | undefined;
  if (sampling !== undefined) {
    for (const role of ["agent", "user"] as const) {
      if (!sameJson(sampling[role] ?? {}, now.sampling[role])) return differs(`${role} sampling`, `the ${role}'s sampling (--temperature, --max-tokens, ${role}_options)`, sampling[role] ?? {}, now.sampling[role]);
    }
  }
  const scenarios = recorded["scenarios"];
  if (Array.isArray(scenarios)) return describeScenarioChange(scenarios as { id: string; hash?: string }[], now.scenarios);
  return undefined;
}

const SECRET = /key|token(?!s)|authorization|secret|password|cookie/i;

/** A deep copy with every value whose name looks secret replaced, for run.json. */
export function scrubSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubSecrets);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET.test(k) ? "[redacted]" : scrubSecrets(v)]));
}
