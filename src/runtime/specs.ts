/**
 * The agent and user-simulator specs `ubc` accepts, listed once: the parsers' error messages
 * (runtime/agents/registry.ts, runtime/simulator-spec.ts, eval/settings.ts) and the --help texts of
 * eval, play and serve derive from these lists. Import-free, so a command's registration can show
 * them without loading the runtimes.
 */

/** `--agent`: the scripted agents, an OpenAI-compatible model, or a trained softmax policy. */
export const AGENT_SPECS = ["scripted:oracle", "scripted:null", "scripted:random", "openai:<model>", "policy:<policy.json>"] as const;

/** `--user`: every gym's deterministic built-in simulator, or an LLM. */
export const SIMULATOR_SPECS = ["builtin", "openai:<model>"] as const;

/** The specs as --help shows them: `a | b | c`. */
export function specChoices(specs: readonly string[]): string {
  return specs.join(" | ");
}
