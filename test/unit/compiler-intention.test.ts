import { describe, expect, test } from "vitest";
import { intentionMaxReturn, intentionShape, questionReward, referencePlay } from "../../src/compiler/gyms/intention/derive.js";
import type { IntentionScenario } from "../../src/compiler/gyms/intention/ir.js";
import { judgeQuestion, soloQuestion } from "../../src/compiler/gyms/intention/judge.js";
import { intentionStarter } from "../../src/compiler/gyms/intention/starter.js";
import { Scenario } from "../../src/compiler/ir.js";
import { formatSource } from "../../src/dsl/format.js";
import { playCheck } from "../../src/eval/play-check.js";
import { scenarioCompiler } from "../support/compile-text.js";

/** An intention scenario; `head` goes after the task, `tail` after the details. */
const scenario = (details: string, head = "", tail = "") => `scenario paris {
  gym intention
  category "Travel planning"
  task "I would like to plan a trip to Paris next month."
  ${head}
  ${details}
  ${tail}
}
`;

const threeDetails = `missing duration {
    importance high
    about "How long the trip lasts"
    asks "How long will you stay?"
    answers "Four days", "a week"
    cues "How long", "nights", "how long"
  }
  missing budget {
    importance medium
    about "The overall budget"
    asks "What is your budget?" | "How much do you want to spend?"
    cues "spend"
  }
  missing lodging {
    importance low
    asks "Would you rather book a hotel or an apartment?"
  }`;

const { compile, compiled, report } = scenarioCompiler<IntentionScenario>("paris.ubench");

describe("intention lowering", () => {
  test("details: ids in order, about defaulting to the name, asks with alternatives, answers as written, cues lower-cased once", () => {
    const ir = compiled(scenario(threeDetails));
    expect(Scenario.parse(ir)).toEqual(ir);
    expect(ir.details.map((d) => [d.id, d.name, d.importance, d.about, d.asks.length, d.answers, d.cues])).toEqual([
      ["D1", "duration", "high", "How long the trip lasts", 1, ["Four days", "a week"], ["how long", "nights"]],
      ["D2", "budget", "medium", "The overall budget", 2, [], ["spend"]],
      ["D3", "lodging", "low", "lodging", 1, [], []],
    ]);
    expect([ir.title, ir.category, ir.task, ir.context]).toEqual(["paris", "Travel planning", ["I would like to plan a trip to Paris next month."], null]);
    expect(ir.rewards).toEqual({ high: 1, medium: 0.7, low: 0.4, extra: 0.2, step: 0 });
    expect(ir.knobs).toEqual({ max_turns: 20, clip: null });
  });

  test("shape counts details per importance, zeros included", () => {
    expect(compiled(scenario(threeDetails)).shape).toBe("H1-M1-L1");
    expect(intentionShape([{ importance: "high" }, { importance: "high" }])).toBe("H2-M0-L0");
  });

  test("maxReturn: one question per detail, each paid its importance's reward", () => {
    expect(compiled(scenario(threeDetails)).maxReturn).toBe(2.1);
    expect(compiled(scenario(threeDetails, "", "rewards { low 0.5, step -0.1 }")).maxReturn).toBe(1.9);
    expect(compiled(scenario(threeDetails, "", "knobs { clip 0 .. 0.5 }")).maxReturn).toBe(1.4);
  });

  test("the reference play asks each detail's solo question, and judge.ts covers exactly that detail", () => {
    const ir = compiled(scenario(threeDetails));
    const play = referencePlay(ir);
    expect(play.turns.map((t) => [t.detail, t.question, t.covered])).toEqual([
      ["D1", "How long will you stay?", ["D1"]],
      ["D2", "What is your budget?", ["D2"]],
      ["D3", "Would you rather book a hotel or an apartment?", ["D3"]],
    ]);
    expect([play.reached, play.skipped]).toEqual([true, []]);
    expect(intentionMaxReturn(ir)).toBe(ir.maxReturn);
    // A question covering two details earns the higher reward less `extra`.
    expect(judgeQuestion(ir, "How long will you stay, and what is your budget?", ir.details).covered).toEqual(["D1", "D2"]);
    expect(questionReward(ir.rewards, ["high", "medium"])).toBeCloseTo(0.8, 10);
    expect(questionReward({ ...ir.rewards, extra: 2 }, ["low", "low"])).toBe(0);
    expect(questionReward(ir.rewards, [])).toBe(0);
  });

  test("title, context and a category with alternatives (the first is the label); defaults are inherited", () => {
    const text = `defaults {
  gym intention
  category "Cooking" | "Food"
  knobs { max_turns 5 }
}
scenario soup {
  title "Soup night"
  context "A student with one pot."
  task "Help me make soup."
  missing diet { importance high asks "Do you eat meat?" cues "vegetarian" }
}
`;
    const ir = compiled(text);
    expect([ir.title, ir.context, ir.category, ir.knobs.max_turns, ir.shape, ir.maxReturn]).toEqual(["Soup night", ["A student with one pot."], "Cooking", 5, "H1-M0-L0", 1]);
  });
});

describe("intention checks", () => {
  test("UB2019: an importance off the scale, with a did-you-mean hint", () => {
    const text = scenario(`missing duration { importance hihg asks "How long?" }\n  missing budget { importance urgent asks "What budget?" }`);
    expect(report(text)).toEqual([
      "UB2019 6:33 importance 'hihg' of detail 'duration' is not on the scale (did you mean 'high'?)",
      "UB2019 7:31 importance 'urgent' of detail 'budget' is not on the scale (importance is high, medium, low)",
    ]);
  });

  test("UB2003 / UB2004 / UB2005 inside missing blocks", () => {
    const text = scenario(`missing duration {
    asks "How long?"
    asks "How many nights?"
    replies "A week."
  }`);
    expect(report(text)).toEqual([
      "UB2003 6:11 detail 'duration' has no 'importance' (say how much it matters: importance high (or medium, low))",
      "UB2005 8:5 'asks' is given twice in detail 'duration' (keep one; give alternatives with |)",
      "UB2004 9:5 'replies' does not belong in a missing block (a missing block holds: importance, about, asks, answers, cues)",
    ]);
    expect(report(scenario(`missing duration { importance high }`))).toEqual([
      `UB2003 6:11 detail 'duration' has no 'asks' (give a question that asks for it: asks "How long will you stay?")`,
    ]);
  });

  test("UB2003: category, task and a detail are required; UB2004: other gyms' statements", () => {
    expect(report(`scenario s {\n  gym intention\n  claim "x"\n  yields r { cues "a" replies "b" }\n}\n`)).toEqual([
      "UB2003 1:10 scenario 's' has no 'category' (every intention scenario needs 'category')",
      "UB2003 1:10 scenario 's' has no 'missing' (every intention scenario needs 'missing')",
      "UB2003 1:10 scenario 's' has no 'task' (every intention scenario needs 'task')",
      "UB2004 3:3 'claim' is not a statement of the intention gym (intention scenarios use: title, context, category, task, missing, rewards, knobs)",
      "UB2004 4:3 'yields' is not a statement of the intention gym (intention scenarios use: title, context, category, task, missing, rewards, knobs)",
    ]);
  });

  test("UB2006: a detail declared twice", () => {
    const [d] = compile(scenario(`missing a { importance high asks "When do you leave?" }\n  missing a { importance low asks "Where do you stay?" }`)).diagnostics;
    expect([d!.code, d!.span.start.line, d!.span.start.column, d!.message, d!.related?.[0]?.span.start.line]).toEqual(["UB2006", 7, 11, "detail 'a' is declared twice", 6]);
  });

  test("UB2022: an empty question, answer or task", () => {
    const text = `scenario s {\n  gym intention\n  category "c"\n  task ""\n  missing d { importance high asks "?" answers "yes", "" }\n}\n`;
    expect(report(text)).toEqual([
      "UB2022 4:8 'task' has no words (write what is said, or remove the empty phrasing)",
      "UB2022 5:36 'asks' has no words (write what is said, or remove the empty phrasing)",
      "UB2022 5:55 an entry of 'answers' has no words (write what is said, or remove the empty phrasing)",
    ]);
  });

  test("UB2013: intention rewards", () => {
    expect(report(scenario(threeDetails, "", "rewards { hihg 2 }"))).toEqual(["UB2013 23:13 unknown reward 'hihg' for the intention gym (did you mean 'high'?)"]);
  });
});

describe("intention lints", () => {
  const length = `missing length {
    importance medium
    about "How long the trip lasts"
    asks "For how many nights?"
  }`;

  test("UB3009 and UB3015: a duplicate detail whose question also covers the other", () => {
    const text = scenario(`${threeDetails}\n  ${length}`);
    expect(report(text)).toEqual([
      `UB3009 23:11 details 'duration' and 'length' overlap: both are about "How long the trip lasts" (merge them, or reword them so each question asks for one detail)`,
      `UB3015 26:10 no example question asks for detail 'length' alone: "For how many nights?" also covers 'duration' (a question covers a detail when it contains one of its cues, or key words of its 'about' or example questions: reword the question, or make 'duration' more specific)`,
    ]);
    // A warning: the reference play asks 'duration' first, and then 'length' is the only one left that its question covers.
    expect(compile(text).ir!.maxReturn).toBe(2.8);
    const [duplicate] = compile(text).diagnostics;
    expect(duplicate!.related?.[0]).toMatchObject({ message: "'duration' is declared here", span: { start: { line: 6, column: 11 } } });
  });

  test("UB3009 alone: one phrasing of a question covers another detail, but another phrasing asks alone", () => {
    const text = scenario(
      threeDetails
        .replace(`"How much do you want to spend?"`, `"What can you spend on an apartment?"`)
        .replace(`asks "Would you rather book a hotel or an apartment?"`, `asks "Would you rather book a hotel or an apartment?"\n    cues "apartment"`),
    );
    expect(report(text)).toEqual([
      `UB3009 19:11 details 'budget' and 'lodging' overlap: the question "What can you spend on an apartment?" of 'budget' also covers 'lodging' (merge them, or reword them so each question asks for one detail)`,
    ]);
    const ir = compile(text).ir!;
    expect(soloQuestion(ir, ir.details[1]!)).toBe("What is your budget?");
    expect(ir.maxReturn).toBe(2.1);
  });

  test("UB3014 alone: a question that does not cover its own detail", () => {
    const text = scenario(`${threeDetails}\n  missing companions { importance low asks "Any kid?" }`);
    expect(report(text)).toEqual([
      `UB3014 23:44 no example question covers detail 'companions': "Any kid?" does not ask for it (a question is matched by its key words (4+ letters): use words of the detail's 'about', or add a cue the question contains)`,
    ]);
    expect(compile(text).ir).toBeUndefined();
    expect(report(`${text.replace(`asks "Any kid?"`, `asks "Any kid?" | "Who are your companions?"`)}`)).toEqual([]);
  });

  test("UB3013: the task gives an answer away; the title gives the key words of an about away", () => {
    const text = scenario(threeDetails.replace(`importance low`, `importance low\n    about "accommodation"`), `title "Paris accommodation"`).replace("a trip to Paris next month", "a week in Paris");
    expect(report(text)).toEqual([
      "UB3013 4:8 the task gives away detail 'duration' with 'a week' (leave the missing details for the agent to ask about)",
      "UB3013 5:9 the title gives away detail 'lodging' with 'accommodation' (leave the missing details for the agent to ask about)",
    ]);
  });

  test("UB3013: one shared key word of a longer about, or a word of the category, is no leak", () => {
    // "trip" is a key word of duration's about, but one of three; "travel" is the category's.
    const text = scenario(threeDetails.replace("How long the trip lasts", "How long the travel lasts"), `context "A trip for the travel lover."`);
    expect(report(text)).toEqual([]);
  });

  test("UB3006: more details than max_turns", () => {
    expect(report(scenario(threeDetails, "", "knobs { max_turns 2 }"))).toEqual([
      "UB3006 23:21 asking for the 3 details takes 3 turns (one per turn), but max_turns is 2 (raise it: knobs { max_turns 3 })",
    ]);
  });
});

describe("the lints agree with the runtime (ubc check --play)", () => {
  test("scenarios with warnings only still play to maxReturn with the built-in judge", async () => {
    const texts = [
      scenario(threeDetails),
      scenario(
        threeDetails
          .replace(`"How much do you want to spend?"`, `"What can you spend on an apartment?"`)
          .replace(`asks "Would you rather book a hotel or an apartment?"`, `asks "Would you rather book a hotel or an apartment?"\n    cues "apartment"`),
        `context "Maybe a week."`,
        "rewards { step -0.1 }\n  knobs { clip 0 .. 0.8 }",
      ),
      intentionStarter("starter"),
    ];
    const scenarios = texts.map((text) => {
      const { ir, diagnostics } = compile(text);
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(diagnostics.length).toBe(text === texts[1] ? 2 : 0);
      return ir!;
    });
    expect((await playCheck(scenarios)).problems).toEqual([]);
  });
});

describe("ubc new intention", () => {
  test("the starter is in canonical form (ubc fmt leaves it alone)", () => {
    const text = intentionStarter("birthday_dinner");
    expect(formatSource(text, "starter.ubench")).toEqual({ output: text });
  });

  test("the starter compiles without a diagnostic", () => {
    const ir = compiled(intentionStarter("birthday_dinner"));
    expect([ir.id, ir.shape, ir.maxReturn]).toEqual(["birthday_dinner", "H1-M1-L1", 2.1]);
  });
});
