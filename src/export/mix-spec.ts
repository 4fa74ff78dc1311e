import { UsageError } from "../user-error.js";
/**
 * The syntax of per-gym quotas for `ubc export verl --mix` / `--test-mix` (kept free of imports:
 * the CLI parses flags with it before loading anything else; src/export/mix.ts applies them).
 * After UserRL's examples/data_preprocess/merge_customize.py (SalesforceAIResearch/UserRL@cf55a30,
 * :31-47): each gym's rows are shuffled with a seed and the first `quota` kept. A quota is a count
 * (`200`: at most 200 rows), a fraction (`0.35`: floor(n × 0.35) in floating point, as Python's
 * `int(len(d) * 0.35)`), or `max(a,b)` / `min(a,b)` of two of those (`max(50,0.5)`:
 * max(50, floor(n × 0.5)), capped at n).
 * `*` is every gym the spec does not name; a gym neither named nor covered by `*` is kept whole.
 */

export type Term = { kind: "count"; value: number } | { kind: "fraction"; value: number };
export type Quota = Term | { kind: "max" | "min"; terms: [Term, Term] };
/** Gym name (or `*`) → quota, in the order written. */
export type MixSpec = Map<string, Quota>;

/** A flag value the export cannot use (a malformed quota, an unknown gym): the CLI prints it and exits 2. */
export class ExportUsageError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "ExportUsageError";
  }
}

const GYM = /^(\*|[a-z][a-z0-9_]*)$/;

function parseTerm(text: string, whole: string): Term {
  const t = text.trim();
  if (/^\d+$/.test(t) && Number.isSafeInteger(Number(t))) return { kind: "count", value: Number(t) };
  if (/^\d*\.\d+$/.test(t) && Number(t) <= 1) return { kind: "fraction", value: Number(t) };
  throw new ExportUsageError(`'${whole}': '${t}' is neither a count (200) nor a fraction in [0, 1] written with a point (0.35)`);
}

/** One quota: a term, or max/min of two terms (not nested: a quota is never recursive). */
export function parseQuota(text: string): Quota {
  const call = /^\s*(max|min)\(([^(),]*),([^(),]*)\)\s*$/.exec(text);
  if (call) return { kind: call[1] as "max" | "min", terms: [parseTerm(call[2]!, text), parseTerm(call[3]!, text)] };
  if (/[(),]/.test(text)) throw new ExportUsageError(`'${text}': expected a count, a fraction, or max(a,b) / min(a,b) of two of those`);
  return parseTerm(text, text);
}

/** `travel=0.35,function=200,*=max(50,0.5)`: commas inside max(...) belong to the quota. */
export function parseMix(text: string): MixSpec {
  const spec: MixSpec = new Map();
  const parts = text.split(/,(?![^(]*\))/);
  for (const part of parts) {
    const eq = part.indexOf("=");
    if (eq < 0) throw new ExportUsageError(`'${part}': expected gym=quota (travel=0.35, function=200, *=max(50,0.5))`);
    const gym = part.slice(0, eq).trim();
    if (!GYM.test(gym)) throw new ExportUsageError(`'${part}': '${gym}' is not a gym name`);
    if (spec.has(gym)) throw new ExportUsageError(`'${gym}' is given twice`);
    spec.set(gym, parseQuota(part.slice(eq + 1)));
  }
  return spec;
}

/** A comma-separated list of gym names (`--holdout telepathy,intention,search`). */
export function parseGymList(text: string): string[] {
  const names = text.split(",").map((n) => n.trim());
  for (const name of names) if (!GYM.test(name) || name === "*") throw new ExportUsageError(`'${name}' is not a gym name`);
  return [...new Set(names)];
}

function termCount(term: Term, n: number): number {
  return term.kind === "count" ? term.value : Math.floor(n * term.value);
}

/** How many of n rows a quota keeps. */
export function quotaCount(quota: Quota, n: number): number {
  if (!("terms" in quota)) return Math.min(n, termCount(quota, n));
  const [a, b] = quota.terms.map((t) => termCount(t, n)) as [number, number];
  return Math.min(n, quota.kind === "max" ? Math.max(a, b) : Math.min(a, b));
}

/** The quota as written canonically (`max(50,0.5)`), for the manifest. */
export function quotaText(quota: Quota): string {
  // A fraction keeps its point (1.0 is all rows, 1 is one row).
  const term = (t: Term) => (t.kind === "fraction" && Number.isInteger(t.value) ? t.value.toFixed(1) : String(t.value));
  return "terms" in quota ? `${quota.kind}(${term(quota.terms[0])},${term(quota.terms[1])})` : term(quota);
}
