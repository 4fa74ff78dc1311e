import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { CACHE_MODES, type CacheMode } from "../runtime/llm/cache-modes.js";
import { parseOverrides } from "../runtime/override-syntax.js";
import { AGENT_SPECS } from "../runtime/specs.js";
import { DEFAULTS } from "./defaults.js";
import { PRESET_NAMES, presetOverrides, type PresetName } from "./presets.js";
import { UsageError } from "../user-error.js";

/**
 * The settings of one `ubc eval` run: from flags, from a YAML config file (`--config run.yaml`,
 * same settings, snake_case keys), and defaults, in that order of precedence.
 */
export interface EvalSettings {
  /** Scenario sources (.ubench files or folders) and compiled bundles (JSON, manifest, build folder). */
  paths: string[];
  agent: string;
  user: string;
  trials: number;
  /** Overrides knobs.max_turns. */
  turns?: number;
  concurrency: number;
  seed: number;
  /** Output folder; default runs/<timestamp>-<agent>. */
  out?: string;
  resume: boolean;
  /** Run-time overrides, `rewards.elicit` → "0.6" (or gym-scoped, `travel.rewards.elicit`). */
  set: Record<string, string>;
  /** A named bundle of overrides per gym (src/eval/presets.ts), under `set`. */
  preset?: PresetName;
  /** Overrides knobs.one_choice. */
  choice?: "one" | "multi";
  /** LLM cache mode, passed to LLM agents and simulators. */
  cache?: CacheMode;
  /** Exit 1 when more than this share of the run's episodes ended in an agent error (default: only when all did). */
  maxErrorRate?: number;
  agentOptions: Record<string, unknown>;
  userOptions: Record<string, unknown>;
}

export class SettingsError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

// Defined in defaults.ts, which `ubc serve --help` loads without zod, yaml or the runtimes.
export { DEFAULTS };

/** Settings as given (flags or file): everything optional. */
export type PartialSettings = Partial<EvalSettings>;

const positiveInt = z.number().int().min(1);
const ConfigFile = z
  .object({
    scenarios: z.union([z.string(), z.array(z.string())]).optional(),
    agent: z.string().optional(),
    user: z.string().optional(),
    trials: positiveInt.optional(),
    turns: positiveInt.optional(),
    concurrency: positiveInt.optional(),
    seed: z.number().int().min(0).optional(),
    out: z.string().optional(),
    resume: z.boolean().optional(),
    set: z.union([z.array(z.string()), z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))]).optional(),
    preset: z.enum(PRESET_NAMES).optional(),
    choice: z.enum(["one", "multi"]).optional(),
    cache: z.enum(CACHE_MODES).optional(),
    max_error_rate: z.number().min(0).max(1).optional(),
    agent_options: z.record(z.string(), z.unknown()).optional(),
    user_options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** Reads a YAML run config; relative paths in it are relative to the file's folder. */
export function readConfigFile(file: string): PartialSettings {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, "utf8"));
  } catch (error) {
    throw new SettingsError(`${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
  const parsed = ConfigFile.safeParse(data ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 5).map((i) => `  ${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new SettingsError(`${file}: invalid run config:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  const base = dirname(file);
  const local = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const out: PartialSettings = {};
  if (c.scenarios !== undefined) out.paths = (Array.isArray(c.scenarios) ? c.scenarios : [c.scenarios]).map(local);
  if (c.agent !== undefined) out.agent = c.agent;
  if (c.user !== undefined) out.user = c.user;
  if (c.trials !== undefined) out.trials = c.trials;
  if (c.turns !== undefined) out.turns = c.turns;
  if (c.concurrency !== undefined) out.concurrency = c.concurrency;
  if (c.seed !== undefined) out.seed = c.seed;
  if (c.out !== undefined) out.out = local(c.out);
  if (c.resume !== undefined) out.resume = c.resume;
  if (c.set !== undefined) {
    out.set = Array.isArray(c.set) ? parseOverrides(c.set) : Object.fromEntries(Object.entries(c.set).map(([k, v]) => [k, v === null ? "none" : String(v)]));
  }
  if (c.choice !== undefined) out.choice = c.choice;
  if (c.cache !== undefined) out.cache = c.cache;
  if (c.preset !== undefined) out.preset = c.preset;
  if (c.max_error_rate !== undefined) out.maxErrorRate = c.max_error_rate;
  if (c.agent_options !== undefined) out.agentOptions = c.agent_options;
  if (c.user_options !== undefined) out.userOptions = c.user_options;
  return out;
}

/** Flags win over the config file, which wins over defaults; `set` maps merge key by key. */
export function mergeSettings(flags: PartialSettings, config: PartialSettings = {}): EvalSettings {
  const pick = <K extends keyof EvalSettings>(key: K): EvalSettings[K] | undefined => (flags[key] !== undefined ? flags[key] : config[key]) as EvalSettings[K] | undefined;
  const paths = flags.paths && flags.paths.length > 0 ? flags.paths : (config.paths ?? []);
  if (paths.length === 0) throw new SettingsError("no scenarios given: pass .ubench files, folders or compiled bundles (or 'scenarios:' in --config)");
  const agent = pick("agent");
  if (!agent) throw new SettingsError(`no agent given: pass --agent ${AGENT_SPECS.join("|")}`);
  const settings: EvalSettings = {
    paths,
    agent,
    user: pick("user") ?? DEFAULTS.user,
    trials: pick("trials") ?? DEFAULTS.trials,
    concurrency: pick("concurrency") ?? DEFAULTS.concurrency,
    seed: pick("seed") ?? DEFAULTS.seed,
    resume: pick("resume") ?? DEFAULTS.resume,
    set: { ...(config.set ?? {}), ...(flags.set ?? {}) },
    agentOptions: { ...(config.agentOptions ?? {}), ...(flags.agentOptions ?? {}) },
    userOptions: { ...(config.userOptions ?? {}), ...(flags.userOptions ?? {}) },
  };
  const optional = ["turns", "out", "choice", "cache", "preset", "maxErrorRate"] as const;
  for (const key of optional) {
    const value = pick(key);
    if (value !== undefined) (settings as unknown as Record<string, unknown>)[key] = value;
  }
  for (const key of ["trials", "concurrency"] as const) {
    if (!Number.isInteger(settings[key]) || settings[key] < 1) throw new SettingsError(`--${key} must be a whole number of at least 1`);
  }
  if (settings.turns !== undefined && (!Number.isInteger(settings.turns) || settings.turns < 1)) throw new SettingsError("--turns must be a whole number of at least 1");
  if (!Number.isInteger(settings.seed) || settings.seed < 0) throw new SettingsError("--seed must be a whole number of at least 0");
  return settings;
}

/**
 * The overrides of a run, in order of precedence (a later key wins, see applyRunOverrides): the
 * preset's values for the run's gyms, then --set, then --turns and --one-choice/--multi-choice.
 */
export function runOverrides(settings: EvalSettings, gyms: Iterable<string>): Record<string, string> {
  const overrides = { ...(settings.preset !== undefined ? presetOverrides(settings.preset, gyms) : {}), ...settings.set };
  if (settings.turns !== undefined) overrides["knobs.max_turns"] = String(settings.turns);
  if (settings.choice !== undefined) overrides["knobs.one_choice"] = String(settings.choice === "one");
  return overrides;
}
