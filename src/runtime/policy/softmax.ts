import type { Scenario } from "../../compiler/ir.js";
import type { Rng } from "../types.js";
import { FEATURE_NAMES, type ActSpaceEpisode } from "./features.js";
import { IntentionActSpace } from "./intention.js";
import { PersuadeActSpace } from "./persuade.js";
import { TravelActSpace } from "./travel.js";
import { UsageError } from "../../user-error.js";

/**
 * The linear-softmax policy's forward pass: logits z_a = θ·φ_a over the candidate acts, π = softmax(z).
 * Pure evaluation only (the runtime may import it); training lives in src/rl.
 */

export const POLICY_FORMAT = "ubench-policy/1";

export interface SoftmaxPolicyFile {
  format: typeof POLICY_FORMAT;
  kind: "softmax";
  features: string[];
  weights: number[];
  /** Free-form provenance (training settings, iterations); not read back. */
  meta?: Record<string, unknown>;
}

export class PolicyFileError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "PolicyFileError";
  }
}

/** The gyms the softmax policy has an act space for. */
export const POLICY_GYMS: readonly string[] = ["travel", "persuade", "intention"];

export function actSpaceFor(scenario: Scenario): ActSpaceEpisode {
  if (scenario.gym === "travel") return new TravelActSpace(scenario);
  if (scenario.gym === "persuade") return new PersuadeActSpace(scenario);
  if (scenario.gym === "intention") return new IntentionActSpace(scenario);
  throw new PolicyFileError(`the softmax policy has no acts for gym '${(scenario as { gym: string }).gym}' (it supports: ${POLICY_GYMS.join(", ")})`);
}

/** The untrained policy: every weight 0, i.e. uniform over the candidate acts. */
export function initialWeights(): Float64Array {
  return new Float64Array(FEATURE_NAMES.length);
}

/** log π(·) over the candidates: logits θ·φ_a, minus their log-sum-exp (stable). */
export function logSoftmax(weights: Float64Array, features: readonly Float64Array[]): Float64Array {
  const n = features.length;
  const out = new Float64Array(n);
  let max = -Infinity;
  for (let a = 0; a < n; a++) {
    const phi = features[a]!;
    let z = 0;
    for (let k = 0; k < phi.length; k++) z += weights[k]! * phi[k]!;
    out[a] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let a = 0; a < n; a++) sum += Math.exp(out[a]! - max);
  const lse = max + Math.log(sum);
  for (let a = 0; a < n; a++) out[a] = out[a]! - lse;
  return out;
}

/** Samples an index from log-probabilities with one uniform draw (inverse CDF, in candidate order). */
export function sampleIndex(logProbs: Float64Array, rng: Rng): number {
  const u = rng.float();
  let acc = 0;
  for (let a = 0; a < logProbs.length; a++) {
    acc += Math.exp(logProbs[a]!);
    if (u < acc) return a;
  }
  return logProbs.length - 1;
}

/** The most probable candidate (the first on a tie). */
export function greedyIndex(logProbs: Float64Array): number {
  let best = 0;
  for (let a = 1; a < logProbs.length; a++) if (logProbs[a]! > logProbs[best]!) best = a;
  return best;
}

export function policyFile(weights: Float64Array, meta?: Record<string, unknown>): SoftmaxPolicyFile {
  return { format: POLICY_FORMAT, kind: "softmax", features: [...FEATURE_NAMES], weights: Array.from(weights), ...(meta !== undefined && { meta }) };
}

/** Checks a parsed policy.json and returns its weights in FEATURE_NAMES order. */
export function weightsFromFile(value: unknown, where = "policy file"): Float64Array {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new PolicyFileError(`${where}: expected a JSON object`);
  const file = value as Partial<SoftmaxPolicyFile>;
  if (file.format !== POLICY_FORMAT) throw new PolicyFileError(`${where}: format must be '${POLICY_FORMAT}', got ${JSON.stringify(file.format)}`);
  if (file.kind !== "softmax") throw new PolicyFileError(`${where}: kind must be 'softmax', got ${JSON.stringify(file.kind)}`);
  if (!Array.isArray(file.features) || !Array.isArray(file.weights) || file.features.length !== file.weights.length) {
    throw new PolicyFileError(`${where}: 'features' and 'weights' must be arrays of the same length`);
  }
  const weights = initialWeights();
  const index = new Map(FEATURE_NAMES.map((n, i) => [n, i]));
  file.features.forEach((name, i) => {
    const at = index.get(String(name));
    if (at === undefined) throw new PolicyFileError(`${where}: unknown feature '${String(name)}' (this ubench knows: ${FEATURE_NAMES.join(", ")})`);
    const w = file.weights![i];
    if (typeof w !== "number" || !Number.isFinite(w)) throw new PolicyFileError(`${where}: weights[${i}] must be a finite number`);
    weights[at] = w;
  });
  return weights;
}
