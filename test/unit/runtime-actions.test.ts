import { describe, expect, test } from "vitest";
import { checkChoice, normalizeAction, parseAction, renderAction } from "../../src/runtime/actions.js";

describe("bracketed actions", () => {
  test.each([
    ["[search] hotel in Rome", { choice: "search", content: "hotel in Rome" }],
    ["  [ SEARCH ]   hotel in Rome  ", { choice: "search", content: "hotel in Rome" }],
    ["[Action]: Do you need wifi?", { choice: "action", content: "Do you need wifi?" }],
    ["[answer] H3", { choice: "answer", content: "H3" }],
    ["[finish]", { choice: "finish", content: "" }],
    ["[FINISH] thanks, bye", { choice: "finish", content: "" }],
    ["I will look first.\n[search] hotel in Rome", { choice: "search", content: "hotel in Rome" }],
    ["[answer] H3 [finish]", { choice: "answer", content: "H3" }],
    ["[search]\nflight\nfrom Boston", { choice: "search", content: "flight\nfrom Boston" }],
  ])("%j parses", (text, action) => {
    expect(parseAction(text)).toEqual({ ok: true, action });
  });

  test.each([
    ["", "the output is empty"],
    ["search for a hotel", "no bracketed action found"],
    ["[query] hotels", "unknown choice 'query'"],
    ["[search]   ", "[search] needs content after the tag"],
    ['{"choice": "shout", "content": "hi"}', "unknown choice 'shout'"],
    ['{"content": "hi"}', "the tool call has no 'choice'"],
  ])("%j is refused: %s", (text, reason) => {
    expect(parseAction(text)).toEqual({ ok: false, reason });
  });

  test("the interact_with_env tool call as JSON is accepted, thought kept", () => {
    expect(parseAction('{"choice":"Answer","content":" H2 ","thought":"cheapest"}')).toEqual({ ok: true, action: { choice: "answer", content: "H2", thought: "cheapest" } });
  });

  test("action objects are normalised the same way; render gives the bracket text back", () => {
    expect(normalizeAction({ choice: "search", content: "  a  " })).toEqual({ ok: true, action: { choice: "search", content: "a" } });
    expect(renderAction({ choice: "answer", content: "H1" })).toBe("[answer] H1");
    expect(renderAction({ choice: "finish", content: "ignored" })).toBe("[finish]");
    for (const text of ["[search] x y", "[action] hello?", "[answer] A1", "[finish]"]) {
      const parsed = parseAction(text);
      expect(parsed.ok && renderAction(parsed.action)).toBe(text);
    }
  });

  test("choices a gym does not enable are refused", () => {
    expect(checkChoice({ choice: "search", content: "x" }, ["action", "answer"])).toBe("[search] is not available here; use [action], [answer]");
    expect(checkChoice({ choice: "answer", content: "x" }, ["action", "answer"])).toBeUndefined();
  });
});
