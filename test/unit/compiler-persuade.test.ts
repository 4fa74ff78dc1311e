import { describe, expect, test } from "vitest";
import { goalSpan, persuadeMaxReturn, persuadeStepReward, referencePlay, reasonLevels } from "../../src/compiler/gyms/persuade/derive.js";
import { DEFAULT_LADDER, type PersuadeScenario } from "../../src/compiler/gyms/persuade/ir.js";
import { soloArgument, stanceMove, touchedReasons } from "../../src/compiler/gyms/persuade/judge.js";
import { persuadeStarter } from "../../src/compiler/gyms/persuade/starter.js";
import { Scenario } from "../../src/compiler/ir.js";
import { formatSource } from "../../src/dsl/format.js";
import { playCheck } from "../../src/eval/play-check.js";
import { scenarioCompiler } from "../support/compile-text.js";

/** A persuade scenario; `head` replaces the statements between `gym` and the reasons. */
const scenario = (reasons: string, head = "", tail = "") => `scenario cars {
  gym persuade
  claim "Private cars should be allowed everywhere in the city centre."
  believes "I drive to the centre every day and the buses are slow."
  ${head}
  ${reasons}
  ${tail}
}
`;

const threeReasons = `yields air {
    about "the air people breathe"
    cues "pollution", "Asthma", "exhaust"
    replies "My neighbour's kid has asthma." | "Fair, the air on my street is awful."
  }
  yields safety {
    cues "pedestrians", "cyclists"
    replies "I did nearly hit a cyclist last week."
  }
  yields road_space {
    cues "congestion", "parking"
    replies "Finding a parking space does take forever."
  }`;

const { compile, compiled, report } = scenarioCompiler<PersuadeScenario>("cars.ubench");

describe("persuade lowering", () => {
  test("defaults: the seven-step ladder, strongly agree -> strongly disagree, the claim as opening", () => {
    const ir = compiled(scenario(threeReasons));
    expect(Scenario.parse(ir)).toEqual(ir);
    expect(ir.ladder).toEqual([...DEFAULT_LADDER]);
    expect([ir.start, ir.goal]).toEqual([0, 6]);
    expect(ir.opening).toEqual(ir.claim);
    expect(ir.context).toBeNull();
    expect(ir.title).toBe("cars");
    expect(ir.rewards).toEqual({ progress: 1, step: 0 });
    expect(ir.knobs).toEqual({ max_turns: 20, repeat_decay: 1, clip: null });
  });

  test("reasons: ids in order, about defaulting to the name, cues lower-cased, replies with alternatives, levels shared out", () => {
    const ir = compiled(scenario(threeReasons));
    expect(ir.reasons.map((r) => [r.id, r.name, r.about, r.cues, r.replies.length, r.levels])).toEqual([
      ["R1", "air", "the air people breathe", ["pollution", "asthma", "exhaust"], 2, 2],
      ["R2", "safety", "safety", ["pedestrians", "cyclists"], 1, 2],
      ["R3", "road_space", "road space", ["congestion", "parking"], 1, 2],
    ]);
    expect(ir.shape).toBe("L6-R3");
  });

  test("maxReturn: each step pays the rounded value of the best stance after it less that before it, so the steps add up exactly", () => {
    // three steps of 2 levels on a 7-label ladder: 0.333333 + (0.666667 - 0.333333) + (1 - 0.666667)
    expect(compiled(scenario(threeReasons)).maxReturn).toBe(1);
    // a ladder of 5, 4 levels, 3 reasons: levels 2, 1, 1 (the remainder to the first), every reason needed
    const short = compiled(scenario(threeReasons, `ladder "yes", "mostly yes", "unsure", "mostly no", "no"`));
    expect([short.shape, short.reasons.map((r) => r.levels), short.maxReturn]).toEqual(["L4-R3", [2, 1, 1], 1]);
    expect(referencePlay(short).turns.map((t) => [t.reason, t.argument, t.gain])).toEqual([
      ["R1", "pollution", 2],
      ["R2", "pedestrians", 1],
      ["R3", expect.any(String), 1],
    ]);
    expect(persuadeStepReward(short, 0, 2)).toBe(0.5);
    expect(persuadeStepReward(short, 2, 1)).toBe(0); // going back pays nothing
  });

  test("maxReturn counts the step reward on every turn and clips each step", () => {
    const penalised = compiled(scenario(threeReasons, "", "rewards { progress 3, step -0.1 }"));
    expect(penalised.maxReturn).toBeCloseTo(3 - 3 * 0.1, 10);
    const clipped = compiled(scenario(threeReasons, "", "knobs { clip 0 .. 0.25 }"));
    expect(clipped.maxReturn).toBe(0.75);
  });

  test("a stance toward agreement and a goal short of the end; an uneven share gives the remainder to the first reasons", () => {
    const ir = compiled(scenario(threeReasons, `stance "disagree" -> "partly agree"`));
    expect([ir.start, ir.goal, goalSpan(ir), ir.shape]).toEqual([5, 2, 3, "L3-R3"]);
    expect(ir.reasons.map((r) => r.levels)).toEqual([1, 1, 1]);
    const two = compiled(scenario(threeReasons.slice(0, threeReasons.indexOf("yields road_space")), `stance "strongly agree" -> "neutral"`));
    expect([goalSpan(two), two.reasons.map((r) => r.levels), referencePlay(two).turns.map((t) => t.gain)]).toEqual([3, [2, 1], [2, 1]]);
    expect(two.maxReturn).toBe(0.5);
    expect(reasonLevels(6, 4)).toEqual([2, 2, 1, 1]);
    expect(reasonLevels(2, 5)).toEqual([1, 1, 1, 1, 1]); // every reason moves at least one level
  });

  test("opening, title and context as written; a file's defaults are inherited", () => {
    const text = `defaults {
  gym persuade
  ladder "for", "unsure", "against"
  rewards { step -0.05 }
}
scenario tea {
  title "Tea"
  context "A retired teacher." | "A tea lover."
  claim "Tea is better than coffee."
  believes "It is gentler."
  opening "Nothing beats a cup of tea." | "Tea, always."
  yields sleep { cues "insomnia" replies "I do sleep badly." }
}
`;
    const ir = compiled(text);
    expect([ir.title, ir.context, ir.opening, ir.ladder, ir.start, ir.goal, ir.rewards.step]).toEqual([
      "Tea",
      ["A retired teacher.", "A tea lover."],
      ["Nothing beats a cup of tea.", "Tea, always."],
      ["for", "unsure", "against"],
      0,
      2,
      -0.05,
    ]);
    expect([ir.shape, ir.maxReturn]).toEqual(["L2-R1", 0.95]);
  });

  test("the reference play is what the built-in persona does with judge.ts", () => {
    const ir = compiled(scenario(threeReasons));
    const argued = new Map<string, number>();
    let levels = 0;
    for (const reason of ir.reasons) {
      const argument = soloArgument(ir, reason)!;
      const touched = touchedReasons(ir, `Have you thought about the ${argument}?`);
      expect(touched).toEqual([reason.id]);
      levels += stanceMove(ir, touched, argued);
      argued.set(reason.id, 1);
    }
    expect(levels).toBe(goalSpan(ir));
    expect(persuadeMaxReturn(ir)).toBe(ir.maxReturn);
    // Arguing a reason again moves it less (repeat_decay).
    expect(stanceMove(ir, ["R1"], new Map([["R1", 1]]))).toBe(1);
  });
});

describe("persuade checks", () => {
  test("UB2018: a stance label not on the ladder, with a did-you-mean hint", () => {
    expect(report(scenario(threeReasons, `stance "strongly agre" -> "disagree"`))).toEqual([
      "UB2018 5:10 'strongly agre' is not a label of the default ladder (did you mean 'strongly agree' or 'strongly disagree'?)",
    ]);
    expect(report(scenario(threeReasons, `ladder "for", "unsure", "against"\n  stance "for" -> "oppose"`))).toEqual([
      `UB2018 6:19 'oppose' is not a label of the scenario's ladder (labels: "for", "unsure", "against")`,
    ]);
  });

  test("UB2018: the goal equals the start", () => {
    expect(report(scenario(threeReasons, `stance "agree" -> "agree"`))).toEqual([
      `UB2018 5:21 the stance starts at its goal 'agree' (name a different goal, e.g. stance "agree" -> "strongly disagree")`,
    ]);
  });

  test("UB2021: a ladder of fewer than three labels, a label twice, an empty label", () => {
    expect(report(scenario(threeReasons, `ladder "for", "against"`))).toEqual([
      `UB2021 5:3 a ladder needs at least 3 labels, found 2 (list the stances in order, e.g. ladder "agree", "neutral", "disagree" (or leave the ladder out for the seven-step default))`,
    ]);
    const twice = compile(scenario(threeReasons, `ladder "for", "unsure", "for", " "`)).diagnostics;
    expect(twice.map((d) => [d.code, d.span.start.column, d.message])).toEqual([
      ["UB2021", 27, "label 'for' is listed twice"],
      ["UB2021", 34, "a ladder label is empty"],
    ]);
    expect(twice[0]!.related?.[0]?.span.start.column).toBe(10);
  });

  test("UB2003 / UB2004 / UB2005 inside yields blocks", () => {
    const text = scenario(`yields air {
    about "air"
    about "breathing"
    cues "pollution"
    says "Cars pollute."
    importance high
  }
  yields noise { about "noise" }`);
    expect(report(text)).toEqual([
      `UB2003 6:10 reason 'air' has no 'replies' (say how the persona concedes the point: replies "I suppose only the rich would get them.")`,
      "UB2005 8:5 'about' is given twice in reason 'air' (keep one; give alternatives with |)",
      "UB2004 10:5 'says' does not belong in a yields block (a yields block holds: about, cues, replies)",
      "UB2004 11:5 'importance' does not belong in a yields block (a yields block holds: about, cues, replies)",
      `UB2003 13:10 reason 'noise' has no 'cues' (give the words of an argument that touches this reason: cues "price", "afford")`,
      `UB2003 13:10 reason 'noise' has no 'replies' (say how the persona concedes the point: replies "I suppose only the rich would get them.")`,
    ]);
  });

  test("UB2003: claim, believes and a reason are required; UB2004: other gyms' statements", () => {
    expect(report(`scenario s {\n  gym persuade\n  task "Plan a trip."\n  missing d { importance high asks "When?" }\n}\n`)).toEqual([
      "UB2003 1:10 scenario 's' has no 'believes' (every persuade scenario needs 'believes')",
      "UB2003 1:10 scenario 's' has no 'claim' (every persuade scenario needs 'claim')",
      "UB2003 1:10 scenario 's' has no 'yields' (every persuade scenario needs 'yields')",
      "UB2004 3:3 'task' is not a statement of the persuade gym (persuade scenarios use: title, context, opening, claim, believes, ladder, stance, yields, rewards, knobs)",
      "UB2004 4:3 'missing' is not a statement of the persuade gym (persuade scenarios use: title, context, opening, claim, believes, ladder, stance, yields, rewards, knobs)",
    ]);
  });

  test("UB2006: a reason declared twice", () => {
    const text = scenario(`yields air { cues "smog" replies "ok" }\n  yields air { cues "fumes" replies "ok" }`);
    const [d] = compile(text).diagnostics;
    expect([d!.code, d!.span.start.line, d!.span.start.column, d!.message, d!.related?.[0]?.span.start.line]).toEqual(["UB2006", 7, 10, "reason 'air' is declared twice", 6]);
  });

  test("UB2022: an empty reply, cue or claim", () => {
    const text = `scenario s {\n  gym persuade\n  claim "..."\n  believes "b"\n  yields air { cues "smog", "" replies "Fine." | "" }\n}\n`;
    expect(report(text)).toEqual([
      "UB2022 3:9 'claim' has no words (write what is said, or remove the empty phrasing)",
      "UB2022 5:29 an entry of 'cues' has no words (a cue is a word or phrase an argument contains)",
      "UB2022 5:50 'replies' has no words (write what is said, or remove the empty phrasing)",
    ]);
  });

  test("UB2013 / UB2014: persuade rewards and knobs", () => {
    expect(report(scenario(threeReasons, "", "rewards { progres 1 }\n  knobs { repeat_decay -1 }"))).toEqual([
      "UB2013 19:13 unknown reward 'progres' for the persuade gym (did you mean 'progress'?)",
      "UB2014 20:24 'repeat_decay' must be at least 0 (levels a reason loses each time it is argued again (built-in simulator))",
    ]);
  });
});

describe("persuade lints", () => {
  test("UB3010: a reason needed to reach the goal cannot be argued alone", () => {
    const text = scenario(`yields air { cues "air" replies "ok" }\n  yields fumes { cues "air quality" replies "ok" }`);
    expect(report(text)).toEqual([
      "UB3010 7:10 the goal is out of reach: no argument touches reason 'fumes' alone, so the built-in persona moves 3 of the 6 levels to 'strongly disagree' (give 'fumes' a cue that no other reason's cues contain)",
      "UB3011 7:23 cue 'air quality' of reason 'fumes' also touches 'air' (an argument using it would move the persona on both; give each reason its own cue words)",
    ]);
    expect(compile(text).ir).toBeUndefined();
  });

  test("UB3011 alone: an ambiguous cue of a reason the goal does not need, or with a solo cue besides", () => {
    const text = scenario(`yields air { cues "smog", "traffic" replies "ok" }\n  yields noise { cues "horns", "traffic" replies "ok" }`);
    expect(report(text)).toEqual([
      "UB3011 7:32 cue 'traffic' of reason 'noise' also touches 'air' (an argument using it would move the persona on both; give each reason its own cue words)",
    ]);
    expect(compile(text).ir?.maxReturn).toBe(1);
  });

  test("UB3012: the opening or context gives a reason away; the claim's own words and the default opening do not", () => {
    const text = scenario(threeReasons, `opening "Parking is my right." | "I love my car."\n  context "Tired of the congestion talk."`);
    expect(report(text)).toEqual([
      "UB3012 5:11 the opening gives away reason 'road_space' with 'parking' (leave the persona's reasons for the agent to find (the claim's own words are fine))",
      "UB3012 6:11 the context gives away reason 'road_space' with 'congestion' (leave the persona's reasons for the agent to find (the claim's own words are fine))",
    ]);
    const publicWord = `scenario s {\n  gym persuade\n  claim "Cars must be free of parking fees."\n  believes "b"\n  opening "No parking fees, ever."\n  yields cost { cues "parking", "budget" replies "ok" }\n}\n`;
    expect(report(publicWord)).toEqual([]);
  });

  test("UB3006: the reference play needs more turns than max_turns", () => {
    expect(report(scenario(threeReasons, "", "knobs { max_turns 2 }"))).toEqual([
      "UB3006 19:21 reaching the goal takes 3 turns (one reason per turn), but max_turns is 2 (raise it: knobs { max_turns 3 })",
    ]);
    expect(report(scenario(threeReasons, "", "knobs { max_turns 3 }"))).toEqual([]);
  });
});

describe("the lints agree with the runtime (ubc check --play)", () => {
  test("scenarios with warnings only still play to maxReturn with the built-in persona", async () => {
    const texts = [
      scenario(threeReasons),
      scenario(`yields air { cues "smog", "traffic" replies "ok" }\n  yields noise { cues "horns", "traffic" replies "ok" }`),
      scenario(threeReasons, `stance "disagree" -> "partly agree"\n  opening "Parking is my right."`, "rewards { step -0.02 }\n  knobs { clip 0 .. 0.2, max_turns 1 }"),
      persuadeStarter("starter"),
    ];
    const scenarios = texts.map((text) => {
      const { ir, diagnostics } = compile(text);
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      return ir!;
    });
    const report = await playCheck(scenarios.map((s) => ({ ...s, knobs: { ...s.knobs, max_turns: 20 } })));
    expect(report.problems).toEqual([]);
  });
});

describe("ubc new persuade", () => {
  test("the starter is in canonical form (ubc fmt leaves it alone)", () => {
    const text = persuadeStarter("city_cars");
    expect(formatSource(text, "starter.ubench")).toEqual({ output: text });
  });

  test("the starter compiles without a diagnostic", () => {
    const ir = compiled(persuadeStarter("city_cars"));
    expect([ir.id, ir.shape, ir.reasons.length]).toEqual(["city_cars", "L3-R2", 2]);
  });
});
