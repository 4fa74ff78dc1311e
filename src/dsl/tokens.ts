import { createToken, Lexer, type ILexerConfig, type ILexingResult, type TokenType } from "chevrotain";

/**
 * The tokens of the .ubench language. Keywords are contextual: each keyword also belongs to the
 * `Name` category, so a keyword can still be a field name, an option attribute or an id
 * (`name: "Rainey Lofts"`, `search { ... }`), and only a statement position gives it meaning.
 */

export const Name = createToken({ name: "Name", pattern: Lexer.NA });

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Name],
});

/**
 * Keywords are not matched by the lexer: it lexes every word as an Identifier, and parse.ts
 * retypes the words that are keywords with one map lookup (`keywordType`). Trying forty keyword
 * patterns before each identifier made the lexer several times slower.
 */
function keyword(word: string): TokenType {
  return createToken({ name: `Kw_${word}`, pattern: Lexer.NA, categories: [Name] });
}

/** Statement keywords, grouped by the block they open a statement in (used for "did you mean"). */
export const fileKeywords = ["scenario", "defaults"] as const;
export const scenarioKeywords = [
  "gym", "title", "context", "opening", "choose", "aspect", "rewards", "knobs",
  "claim", "believes", "ladder", "stance", "yields",
  "category", "task", "missing",
] as const;
export const aspectKeywords = ["prefix", "aka", "fields", "search", "choose", "prefer", "option"] as const;
export const preferKeywords = ["about", "when", "says", "hints", "cues"] as const;
export const reasonKeywords = ["about", "cues", "replies"] as const;
export const detailKeywords = ["importance", "about", "asks", "answers", "cues"] as const;
const operatorKeywords = ["and", "or", "not", "has", "in", "true", "false"] as const;

const allKeywordWords = [
  ...new Set([
    ...fileKeywords, ...scenarioKeywords, ...aspectKeywords, ...preferKeywords,
    ...reasonKeywords, ...detailKeywords, ...operatorKeywords,
  ]),
];

export const Kw: Record<string, TokenType> = Object.fromEntries(allKeywordWords.map((w) => [w, keyword(w)]));

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\uFEFF]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n\r]*/, group: "comments" });
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: "comments", line_breaks: true });

/** `"""` blocks hold prose over several lines; ordinary strings end on their own line. */
export const TripleString = createToken({ name: "TripleString", pattern: /"""[\s\S]*?"""/, line_breaks: true });
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/ });
/**
 * An opening quote with no closing one on its line: lexed so the error names the string, and
 * because strings end with their line, one missing quote never swallows the rest of the file.
 */
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*/ });
export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: /-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/ });

export const LCurly = createToken({ name: "LCurly", pattern: "{", label: "'{'" });
export const RCurly = createToken({ name: "RCurly", pattern: "}", label: "'}'" });
export const LBracket = createToken({ name: "LBracket", pattern: "[", label: "'['" });
export const RBracket = createToken({ name: "RBracket", pattern: "]", label: "']'" });
export const LParen = createToken({ name: "LParen", pattern: "(", label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: ")", label: "')'" });
export const Colon = createToken({ name: "Colon", pattern: ":", label: "':'" });
export const Comma = createToken({ name: "Comma", pattern: ",", label: "','" });
export const Semicolon = createToken({ name: "Semicolon", pattern: ";", label: "';'" });
export const Pipe = createToken({ name: "Pipe", pattern: "|", label: "'|'" });
export const Arrow = createToken({ name: "Arrow", pattern: "->", label: "'->'" });
export const Range = createToken({ name: "Range", pattern: "..", label: "'..'" });
export const Dot = createToken({ name: "Dot", pattern: ".", label: "'.'" });
export const Comparison = createToken({ name: "Comparison", pattern: Lexer.NA, label: "a comparison" });
const ComparisonTwoChars = createToken({ name: "ComparisonTwoChars", pattern: /<=|>=|==|!=/, categories: [Comparison] });
/** `<` and `>` are comparisons, and also the brackets of `list<string>`. */
export const Less = createToken({ name: "Less", pattern: "<", label: "'<'", categories: [Comparison] });
export const Greater = createToken({ name: "Greater", pattern: ">", label: "'>'", categories: [Comparison] });

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  TripleString,
  StringLiteral,
  UnterminatedString,
  NumberLiteral,
  Arrow,
  ...Object.values(Kw),
  Identifier,
  Name,
  LCurly, RCurly, LBracket, RBracket, LParen, RParen,
  Colon, Comma, Semicolon, Pipe, Range, Dot, ComparisonTwoChars, Less, Greater, Comparison,
];

export const lexerOptions = {
  // Only offsets: spans find their line and column lazily (diagnostics/span.ts).
  positionTracking: "onlyOffset",
  ensureOptimizations: true,
} as const satisfies ILexerConfig;

// chevrotain's checks of the token patterns find mistakes in this file, not in the input: they
// run in test/unit/dsl-grammar-checks.test.ts rather than at every start-up.
const lexer = new Lexer(allTokens, { ...lexerOptions, skipValidations: true });

const keywordByWord = new Map(Object.entries(Kw));

/** The keyword token type of a word, if it is a keyword (see `keyword`). */
export function keywordType(word: string): TokenType | undefined {
  return keywordByWord.get(word);
}

/** Lexes a text; words stay Identifiers until parse.ts's one pass over the tokens types keywords. */
export function tokenize(text: string): ILexingResult {
  return lexer.tokenize(text);
}
