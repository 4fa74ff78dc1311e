import type { Scenario } from "../compiler/ir.js";
import { createAgent } from "../runtime/agents/registry.js";
import { runtimeFor } from "../runtime/gyms/registry.js";
import { episodeSeed } from "../runtime/rng.js";
import { runEpisode } from "../runtime/rollout.js";
import { episodeFactory } from "../runtime/episode-factory.js";

/**
 * `ubc check --play`: plays each scenario with the built-in simulator, as OpenEnv's `validate`
 * does: the oracle must reach the compiled maxReturn (and a perfect score), and the null agent
 * (which finishes at once) must earn nothing.
 */

export interface PlayProblem {
  scenarioId: string;
  source: string;
  problem: string;
}

export interface PlayReport {
  checked: number;
  problems: PlayProblem[];
}

/** Seeds of the oracle's plays: the proactive-reveal and opening draws differ between them. */
const SEEDS = [0, 1, 2];
const EPSILON = 1e-6;

function budgetNote(scenario: Scenario): string {
  const needed = runtimeFor(scenario).turnsForMaxReturn(scenario);
  return needed > scenario.knobs.max_turns ? ` (it needs ${needed} turns, but max_turns is ${scenario.knobs.max_turns})` : "";
}

export async function playCheck(scenarios: readonly Scenario[]): Promise<PlayReport> {
  const problems: PlayProblem[] = [];
  const oracle = createAgent("scripted:oracle");
  const nothing = createAgent("scripted:null");
  const episodes = episodeFactory({ scenarios });
  for (const scenario of scenarios) {
    const play = (agent: typeof oracle, seed: number) =>
      runEpisode({ env: episodes.env(scenario), agent, scenario, seed, trial: 0, user: episodes.user, systemPrompt: episodes.systemPrompt(scenario) });
    const report = (problem: string) => problems.push({ scenarioId: scenario.id, source: scenario.source.file, problem });

    for (const runSeed of SEEDS) {
      const record = await play(oracle, episodeSeed(runSeed, scenario.id, 0));
      if (Math.abs(record.return - scenario.maxReturn) > EPSILON || !record.success) {
        report(`the oracle reached return ${record.return} and score ${record.score} with seed ${runSeed}, not maxReturn ${scenario.maxReturn} and score 1${budgetNote(scenario)}`);
        break;
      }
    }
    const idle = await play(nothing, episodeSeed(0, scenario.id, 0));
    if (idle.return > EPSILON || idle.score > EPSILON) report(`the null agent (finishing at once) earned return ${idle.return} and score ${idle.score}; doing nothing must earn nothing`);
  }
  return { checked: scenarios.length, problems };
}

export function formatPlayReport(report: PlayReport): string {
  if (report.problems.length === 0) return `play check: ${report.checked} scenario${report.checked === 1 ? "" : "s"} OK (oracle reaches maxReturn, null agent earns nothing)`;
  const lines = report.problems.map((p) => `${p.source}: scenario '${p.scenarioId}': ${p.problem}`);
  return [...lines, `play check: ${report.problems.length} problem${report.problems.length === 1 ? "" : "s"} in ${report.checked} scenario${report.checked === 1 ? "" : "s"}`].join("\n");
}
