import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { parseJsonReply } from "../../src/runtime/llm/json-reply.js";

const Aspect = z.object({ aspect: z.string().nullable() });
const Utterance = z.object({ type: z.enum(["unrelated", "targeted", "absent", "vague"]), preference: z.string().optional() });

describe("tolerant JSON replies", () => {
  test.each([
    ["bare", '{"aspect": "hotel"}', "hotel"],
    ["bare with whitespace", '\n  {"aspect": "hotel"}  \n', "hotel"],
    ["json fence", '```json\n{"aspect": "hotel"}\n```', "hotel"],
    ["plain fence", 'Here:\n```\n{"aspect": "flight"}\n```\nDone.', "flight"],
    ["embedded in prose", 'Sure! Here it is: {"aspect": null} hope that helps', null],
    ["unparseable object before the answer", 'thinking {not json} then {"aspect": "flight"}', "flight"],
    ["braces inside strings", 'Answer: {"aspect": "a}b{c"}', "a}b{c"],
    ["escaped quotes inside strings", 'x {"aspect": "say \\"hi\\" {"} y', 'say "hi" {'],
    ["a reasoning block first", '<think>maybe {"aspect": "hotel"}? no</think>\n{"aspect": "flight"}', "flight"],
    ["bare JSON followed by prose", '{"aspect": "hotel"} because the dates match', "hotel"],
  ])("%s", (_, text, expected) => {
    expect(parseJsonReply(text, Aspect)).toEqual({ ok: true, value: { aspect: expected } });
  });

  test("the zod schema decides what fits", () => {
    expect(parseJsonReply('{"type": "targeted", "preference": "P2"}', Utterance)).toEqual({ ok: true, value: { type: "targeted", preference: "P2" } });
    expect(parseJsonReply('{"type": "shouting"}', Utterance)).toMatchObject({ ok: false, reason: expect.stringContaining("type") });
  });

  test("failures say why", () => {
    expect(parseJsonReply("", Aspect)).toEqual({ ok: false, reason: "empty reply" });
    expect(parseJsonReply(null, Aspect)).toEqual({ ok: false, reason: "empty reply" });
    expect(parseJsonReply("<think>hmm</think>", Aspect)).toEqual({ ok: false, reason: "empty reply" });
    expect(parseJsonReply("no json here", Aspect)).toEqual({ ok: false, reason: "no JSON object in the reply" });
    expect(parseJsonReply("{never closed", Aspect)).toMatchObject({ ok: false, reason: "unparseable JSON" });
    expect(parseJsonReply('{"aspect": 3}', Aspect)).toMatchObject({ ok: false, reason: expect.stringMatching(/^JSON does not fit: aspect/) });
  });

  test("never throws, and finds any object wrapped in prose without braces", () => {
    const prose = fc.string().filter((s) => !/[{}`<]/.test(s));
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(() => parseJsonReply(text, Aspect)).not.toThrow();
      }),
    );
    fc.assert(
      fc.property(prose, fc.option(fc.string(), { nil: null }), prose, (before, aspect, after) => {
        const text = `${before} ${JSON.stringify({ aspect })} ${after}`;
        expect(parseJsonReply(text, Aspect)).toEqual({ ok: true, value: { aspect } });
      }),
    );
  });
});
