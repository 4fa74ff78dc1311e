import { Lexer } from "chevrotain";
import { describe, expect, test } from "vitest";
import { UbenchParser } from "../../src/dsl/parser.js";
import { allTokens, lexerOptions } from "../../src/dsl/tokens.js";

/**
 * The shared parser and the lexer skip chevrotain's checks to start faster (src/dsl/parser.ts,
 * src/dsl/tokens.ts): they find mistakes in the grammar, not in the input. Here they run, so a
 * rule change that makes the grammar ambiguous or left-recursive, or a token pattern the lexer
 * cannot use, still fails the tests.
 */

/** What chevrotain 11 keeps on a parser instance without declaring it in its types. */
type ParserInternals = { definitionErrors: unknown[]; skipValidations: boolean };
const internals = (parser: UbenchParser) => parser as unknown as ParserInternals;

describe("the grammar passes chevrotain's checks", () => {
  test("a parser built with the checks on reports no definition error (chevrotain would throw)", () => {
    let parser: UbenchParser | undefined;
    expect(() => (parser = new UbenchParser({ validate: true }))).not.toThrow();
    expect(internals(parser!).definitionErrors).toEqual([]);
  });

  test("the checks run when asked and only then: the test above is not vacuous", () => {
    expect(internals(new UbenchParser({ validate: true })).skipValidations).toBe(false);
    expect(internals(new UbenchParser()).skipValidations).toBe(true);
  });
});

describe("the token definitions pass chevrotain's checks", () => {
  test("a lexer built with the checks on (chevrotain's default) reports no definition error", () => {
    let lexer: Lexer | undefined;
    expect(() => (lexer = new Lexer(allTokens, lexerOptions))).not.toThrow();
    expect(lexer!.lexerDefinitionErrors).toEqual([]);
  });
});
