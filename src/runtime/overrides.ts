import { Scenario } from "../compiler/ir.js";
import { suggestionsFor } from "../diagnostics/did-you-mean.js";
import { runtimeFor } from "./gyms/registry.js";
import { OverrideError } from "./override-syntax.js";

/**
 * Run-time overrides of a scenario's settings (`--set rewards.elicit=0.6`, `knobs.max_turns=16`).
 * They apply to a copy of the IR before the env is built; the bundle and its hash are untouched,
 * and the run records the values it used. Unknown keys and ill-typed values are refused. A run
 * of several gyms applies each key to the gyms that have it (applyRunOverrides).
 */

// The `--set` text's syntax and the error lives in override-syntax.ts, light enough for the CLI.
export { OverrideError, parseOverride, parseOverrides } from "./override-syntax.js";

/** Sections of the IR a run may override. */
const SECTIONS = ["rewards", "knobs"] as const;

export type OverrideValue = number | boolean | null | { low: number; high: number } | string;

function coerce(key: string, raw: OverrideValue, current: unknown): unknown {
  if (typeof raw !== "string") return raw;
  const text = raw.trim();
  if (typeof current === "number") {
    const value = Number(text);
    if (text === "" || !Number.isFinite(value)) throw new OverrideError(`${key}: '${raw}' is not a number`);
    return value;
  }
  if (typeof current === "boolean") {
    if (/^(true|yes|on|1)$/i.test(text)) return true;
    if (/^(false|no|off|0)$/i.test(text)) return false;
    throw new OverrideError(`${key}: '${raw}' is not true or false`);
  }
  if (current === null || (typeof current === "object" && current !== null && "low" in current)) {
    if (/^(none|null|off)$/i.test(text)) return null;
    const m = /^(-?[\d.]+)\s*(?:\.\.|,)\s*(-?[\d.]+)$/.exec(text);
    if (!m || !Number.isFinite(Number(m[1])) || !Number.isFinite(Number(m[2]))) throw new OverrideError(`${key}: '${raw}' is not a range such as -1..1, or none`);
    return { low: Number(m[1]), high: Number(m[2]) };
  }
  throw new OverrideError(`${key}: cannot be set at run time`);
}

/** A copy of the scenario with the overrides applied, validated, and its derived values recomputed. */
export function applyOverrides<S extends Scenario>(scenario: S, overrides: Readonly<Record<string, OverrideValue>>): S {
  const keys = Object.keys(overrides);
  if (keys.length === 0) return scenario;
  const copy = structuredClone(scenario as Scenario) as Scenario & Record<string, Record<string, unknown>>;
  const known = knownKeys(copy);
  for (const key of keys) {
    const [section, name, ...more] = key.split(".");
    const target = (SECTIONS as readonly string[]).includes(section!) ? copy[section!] : undefined;
    if (!target || name === undefined || more.length > 0 || !Object.hasOwn(target, name)) {
      const close = suggestionsFor(key, known);
      const hint = close.length > 0 ? `did you mean '${close[0]}'? ` : "";
      throw new OverrideError(`unknown setting '${key}' for ${scenario.gym} scenario '${scenario.id}'; ${hint}known: ${known.join(", ")}`);
    }
    const value = coerce(key, overrides[key]!, target[name]);
    const spec = runtimeFor(scenario).settings[section as (typeof SECTIONS)[number]][name];
    if (spec && (spec.kind === "number" || spec.kind === "integer") && typeof value === "number") {
      if (spec.kind === "integer" && !Number.isInteger(value)) throw new OverrideError(`${key}: ${value} is not a whole number`);
      if (spec.min !== undefined && value < spec.min) throw new OverrideError(`${key}: ${value} is below the minimum ${spec.min}`);
      if (spec.kind === "number" && spec.max !== undefined && value > spec.max) throw new OverrideError(`${key}: ${value} is above the maximum ${spec.max}`);
    }
    target[name] = value;
  }
  const checked = Scenario.safeParse(copy);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new OverrideError(`${issue.path.join(".")}: ${issue.message} (after --set ${keys.join(", ")})`);
  }
  const runtime = runtimeFor(copy);
  const problem = runtime.checkSettings(copy);
  if (problem) throw new OverrideError(`${problem} (after --set ${keys.join(", ")})`);
  return runtime.rederive(copy) as S;
}

/** The `section.name` keys a scenario can override. */
function knownKeys(scenario: Scenario): string[] {
  const record = scenario as unknown as Record<string, Record<string, unknown> | undefined>;
  return SECTIONS.flatMap((s) => Object.keys(record[s] ?? {}).map((k) => `${s}.${k}`));
}

/** `travel.rewards.elicit` → ["travel", "rewards.elicit"]; an unscoped key has no gym. */
function splitScope(key: string): { gym?: string; key: string } {
  const [first, ...rest] = key.split(".");
  return (SECTIONS as readonly string[]).includes(first!) || rest.length < 2 ? { key } : { gym: first!, key: rest.join(".") };
}

/**
 * The overrides of a whole run, applied to each scenario: an unscoped key (`rewards.elicit`) to
 * every scenario whose gym has it, a scoped one (`travel.rewards.elicit`) to that gym's only. A
 * run mixing gyms can so take `--set rewards.elicit=0.6`, which only travel has. A key that no
 * scenario of the run has is refused, with the closest known key. Later keys win, so the caller
 * orders them by precedence (a preset's first, then --set, then --turns...). Not `strict`: keys
 * that apply to none of the scenarios are passed over (some of a run's scenarios, rebuilt later).
 */
export function applyRunOverrides<S extends Scenario>(scenarios: readonly S[], overrides: Readonly<Record<string, OverrideValue>>, { strict = true } = {}): S[] {
  const keys = Object.keys(overrides);
  if (keys.length === 0) return [...scenarios];
  const gyms: string[] = [...new Set(scenarios.map((s) => s.gym))];
  const known = [...new Set(scenarios.flatMap((s) => [...knownKeys(s), ...knownKeys(s).map((k) => `${s.gym}.${k}`)]))];
  for (const raw of strict ? keys : []) {
    const { gym, key } = splitScope(raw);
    if (gym !== undefined && !gyms.includes(gym)) throw new OverrideError(`--set ${raw}: this run has no ${gym} scenario (its gyms: ${gyms.join(", ")})`);
    const applies = scenarios.some((s) => (gym === undefined || s.gym === gym) && knownKeys(s).includes(key));
    if (!applies) {
      const close = suggestionsFor(raw, known);
      const hint = close.length > 0 ? `did you mean '${close[0]}'? ` : "";
      const where = gym !== undefined ? `${gym} scenarios do not have it` : `no gym of this run (${gyms.join(", ")}) has it`;
      throw new OverrideError(`unknown setting '${raw}': ${where}; ${hint}known: ${[...new Set(scenarios.filter((s) => gym === undefined || s.gym === gym).flatMap(knownKeys))].join(", ")}`);
    }
  }
  return scenarios.map((scenario) => {
    const own = knownKeys(scenario);
    const mine: Record<string, OverrideValue> = {};
    for (const raw of keys) {
      const { gym, key } = splitScope(raw);
      if ((gym === undefined || gym === scenario.gym) && own.includes(key)) mine[key] = overrides[raw]!;
    }
    return applyOverrides(scenario, mine);
  });
}

/** The values of the overridable sections, as the run records them. */
export function settingsUsed(scenario: Scenario): Record<string, unknown> {
  const record = scenario as unknown as Record<string, unknown>;
  return Object.fromEntries(SECTIONS.filter((s) => s in record).map((s) => [s, record[s]]));
}
