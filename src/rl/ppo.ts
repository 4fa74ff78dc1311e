import { logSoftmax } from "../runtime/policy/softmax.js";
import { DEFAULT_PPO, type PpoSettings } from "./defaults.js";

/**
 * The clipped policy-gradient objective of the softmax policy (PPO's, as UserRL trains with),
 * its analytic gradient, and the Adam step that applies it. Each turn is one token here.
 *
 *   ρ_i = π_θ(a_i|s_i) / π_old(a_i|s_i)
 *   J_i = min(ρ_i·A_i, clip(ρ_i, 1−ε, 1+ε)·A_i), and for A_i < 0 also max(J_i, c·A_i) (dual clip c)
 *   loss = −(1/N) Σ_i J_i + β · (1/N) Σ_i KL(π_θ(·|s_i) ‖ π_ref(·|s_i))
 *
 * With z_b = θ·φ_b and p = softmax(z): ∇θ log π(a) = φ_a − Σ_b p_b φ_b, and
 * ∂KL/∂z_b = p_b (log p_b − log q_b − KL), so ∇θ KL = Σ_b p_b (log p_b − log q_b − KL) φ_b.
 */

/** One turn of a rollout, as the update sees it. */
export interface PolicySample {
  /** The feature vector of every candidate act of the turn. */
  features: Float64Array[];
  chosen: number;
  /** log π_old(chosen): the policy that acted. */
  logProbOld: number;
  /** The turn's (per-token) advantage a_t. */
  advantage: number;
  /** log π_ref(·) over the candidates, for the KL penalty (the initial policy). */
  logProbRef?: Float64Array;
}

// Defined in defaults.ts, which `ubc train --help` loads without the policy.
export { DEFAULT_PPO, type PpoSettings };

export interface PpoResult {
  loss: number;
  gradient: Float64Array;
  /** Share of samples whose objective was clipped (gradient 0). */
  clipFraction: number;
  /** Mean KL(π_θ ‖ π_ref) over samples that carry a reference (0 when none). */
  kl: number;
}

/** The loss and its exact gradient at `weights` over a batch of samples. */
export function ppoLoss(weights: Float64Array, samples: readonly PolicySample[], settings: PpoSettings = DEFAULT_PPO): PpoResult {
  const dim = weights.length;
  const gradient = new Float64Array(dim);
  const n = samples.length;
  if (n === 0) return { loss: 0, gradient, clipFraction: 0, kl: 0 };
  let objective = 0;
  let klSum = 0;
  let klCount = 0;
  let clipped = 0;
  const low = 1 - settings.clip;
  const high = 1 + settings.clip;
  for (const sample of samples) {
    const logProbs = logSoftmax(weights, sample.features);
    const a = sample.advantage;
    const ratio = Math.exp(logProbs[sample.chosen]! - sample.logProbOld);
    const unclipped = ratio * a;
    const boxed = Math.min(Math.max(ratio, low), high) * a;
    let value = Math.min(unclipped, boxed);
    let active = unclipped <= boxed; // the unclipped term is the min: its gradient flows
    const dual = settings.dualClip > 0 && Number.isFinite(settings.dualClip) && a < 0 ? settings.dualClip * a : -Infinity;
    if (dual > value) {
      value = dual;
      active = false;
    }
    objective += value;
    if (!active) clipped++;
    // d(−J/N)/dθ = −(A·ρ/N) (φ_a − Σ p φ)
    if (active && a !== 0) {
      const scale = (-a * ratio) / n;
      addScaledScore(gradient, sample.features, logProbs, sample.chosen, scale);
    }
    if (sample.logProbRef !== undefined && settings.klCoef !== 0) {
      let kl = 0;
      for (let b = 0; b < logProbs.length; b++) kl += Math.exp(logProbs[b]!) * (logProbs[b]! - sample.logProbRef[b]!);
      klSum += kl;
      klCount++;
      for (let b = 0; b < logProbs.length; b++) {
        const coef = ((settings.klCoef / n) * Math.exp(logProbs[b]!) * (logProbs[b]! - sample.logProbRef[b]! - kl));
        if (coef === 0) continue;
        const phi = sample.features[b]!;
        for (let k = 0; k < dim; k++) gradient[k] = gradient[k]! + coef * phi[k]!;
      }
    }
  }
  const kl = klCount > 0 ? klSum / klCount : 0;
  const loss = -objective / n + (settings.klCoef * klSum) / n;
  return { loss, gradient, clipFraction: clipped / n, kl };
}

/** gradient += scale · (φ_chosen − Σ_b p_b φ_b). */
function addScaledScore(gradient: Float64Array, features: readonly Float64Array[], logProbs: Float64Array, chosen: number, scale: number): void {
  const dim = gradient.length;
  const chosenPhi = features[chosen]!;
  for (let k = 0; k < dim; k++) gradient[k] = gradient[k]! + scale * chosenPhi[k]!;
  for (let b = 0; b < features.length; b++) {
    const p = Math.exp(logProbs[b]!);
    if (p === 0) continue;
    const phi = features[b]!;
    for (let k = 0; k < dim; k++) gradient[k] = gradient[k]! - scale * p * phi[k]!;
  }
}

/** Adam (β1 0.9, β2 0.999, ε 1e-8), in place: deterministic plain arithmetic. */
export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    dim: number,
    private readonly lr: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    this.m = new Float64Array(dim);
    this.v = new Float64Array(dim);
  }

  /** One descent step on `weights` along `gradient` (of a loss to minimise). */
  step(weights: Float64Array, gradient: Float64Array): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    for (let k = 0; k < weights.length; k++) {
      const g = gradient[k]!;
      this.m[k] = this.beta1 * this.m[k]! + (1 - this.beta1) * g;
      this.v[k] = this.beta2 * this.v[k]! + (1 - this.beta2) * g * g;
      weights[k] = weights[k]! - (this.lr * (this.m[k]! / c1)) / (Math.sqrt(this.v[k]! / c2) + this.epsilon);
    }
  }
}
