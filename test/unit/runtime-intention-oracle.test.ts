import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import type { IntentionScenario } from "../../src/compiler/gyms/intention/ir.js";
import { playCheck } from "../../src/eval/play-check.js";
import { playScripted } from "../support/scripted-episode.js";

/**
 * A detail that can only be asked together with another (UB3015): the reference play asks the
 * other first, so the oracle must keep the play's order — asking the important one first would
 * cover both at once and miss maxReturn.
 */
const text = `scenario beach {
  gym intention
  category "Travel planning"
  task "Help me plan a holiday."
  missing nights {
    importance low
    about "Number of nights"
    asks "How many nights?"
  }
  missing place {
    importance high
    about "Which beach town"
    asks "How many nights do you want at the beach town?"
  }
}
`;

describe("the intention oracle", () => {
  test("keeps the reference play's order, so a detail asked only together with another still earns its own reward", async () => {
    const { scenarios, diagnostics } = compileText(text, "beach.ubench");
    expect(diagnostics.map((d) => d.code)).toContain("UB3015");
    const scenario = scenarios[0]!.ir as IntentionScenario;
    expect(scenario.maxReturn).toBe(1.4); // low 0.4 alone, then high 1.0 alone
    const record = await playScripted("scripted:oracle", scenario, 3);
    expect(record.turns.map((t) => t.reward)).toEqual([0.4, 1]);
    expect(record).toMatchObject({ return: 1.4, score: 1, success: true });
    expect((await playCheck([scenario])).problems).toEqual([]);
  });

  test("the play check names the turns the oracle needs when max_turns is too small (any gym)", async () => {
    const short = compileText(text.replace('task "Help me plan a holiday."', 'task "Help me plan a holiday."\n  knobs { max_turns 1 }'), "beach.ubench").scenarios[0]!.ir;
    const [problem] = (await playCheck([short])).problems;
    expect(problem?.problem).toMatch(/\(it needs 2 turns, but max_turns is 1\)$/);
  });
});
