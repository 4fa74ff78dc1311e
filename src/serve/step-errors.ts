/**
 * What a failed step of a served episode answers, and the step timeout. Kept apart from
 * sessions.ts so the CLI can validate its flag without loading the runtime.
 */

/**
 * "error" (default): an EXECUTION_ERROR; "end": an ordinary last step with reward 0 and done, as
 * UserRL's verl tool answers a failed or timed-out step (verl/tools/interact_tool.py).
 */
export const STEP_ERROR_POLICIES = ["error", "end"] as const;
export type StepErrorPolicy = (typeof STEP_ERROR_POLICIES)[number];

export class StepTimeout extends Error {}

/** `work`, or a StepTimeout after `ms` (the work itself runs on; its result is dropped). */
export function withTimeout<T>(work: Promise<T>, ms: number | undefined): Promise<T> {
  if (!ms || ms <= 0) return work;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new StepTimeout()), ms)));
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
