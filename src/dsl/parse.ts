import type { IRecognitionException, IToken } from "chevrotain";
import { EOF } from "chevrotain";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/did-you-mean.js";
import { LineIndex, type Span } from "../diagnostics/span.js";
import type { Comment, FileAst } from "./ast.js";
import { MAX_NESTING, MAX_SYNTAX_ERRORS, sharedParser, type ParseStop } from "./parser.js";
import * as T from "./tokens.js";

export interface ParseResult {
  ast: FileAst;
  diagnostics: Diagnostic[];
}

export { MAX_NESTING, MAX_SYNTAX_ERRORS } from "./parser.js";

const statementKeywordsByRule: Record<string, readonly string[]> = {
  file: T.fileKeywords,
  scenarioBody: T.scenarioKeywords,
  scenarioItem: T.scenarioKeywords,
  aspect: T.aspectKeywords,
  prefer: T.preferKeywords,
  detailBlock: [...new Set([...T.detailKeywords, ...T.reasonKeywords])],
};

const ruleDescriptions: Record<string, string> = {
  file: "at the top level (expected 'scenario' or 'defaults')",
  scenarioBody: "in a scenario",
  scenarioItem: "in a scenario",
  aspect: "in an aspect",
  prefer: "in a preference",
  detailBlock: "in this block",
  record: "in a record",
  list: "in a list",
  value: "where a value belongs",
  expression: "in a predicate",
  atom: "in a predicate",
  fieldList: "in a field list",
  type: "where a type belongs",
  settingsBlock: "in a settings block",
  setting: "in a setting",
  field: "in a field declaration",
  entry: "in a record entry",
  stringList: "in a list of strings",
  text: "in a text",
  path: "in an attribute path",
};

/** Parses one file's text into an AST and syntax diagnostics; never throws on any input. */
export function parse(text: string, file: string): ParseResult {
  const lines = new LineIndex(text);
  const diagnostics: Diagnostic[] = [];
  const span = (start: number, end: number) => lines.span(start, end);

  const lexed = T.tokenize(text);
  for (const e of lexed.errors) {
    const ch = text.slice(e.offset, e.offset + Math.max(1, e.length)).slice(0, 1);
    diagnostics.push(
      diagnostic("UB1001", `unexpected character ${describeChar(ch)}`, {
        file,
        span: span(e.offset, e.offset + 1),
        hint: ch === "'" ? "strings use double quotes: \"...\"" : "remove it, or put it inside a string",
      }),
    );
  }
  const tokens = lexed.tokens;
  const { unterminated, tooDeep } = prepareTokens(tokens);
  for (const token of unterminated) {
    diagnostics.push(
      diagnostic("UB1002", "unterminated string", {
        file,
        span: span(token.startOffset, token.startOffset + 1),
        hint: 'close it with a matching "',
      }),
    );
  }
  const comments: Comment[] = ((lexed.groups["comments"] ?? []) as IToken[]).map((t) => ({
    text: t.image,
    span: span(t.startOffset, t.startOffset + t.image.length),
  }));

  if (tooDeep) {
    diagnostics.push(tooDeepDiagnostic(tooDeep, file, lines));
    return { ast: { kind: "File", file, blocks: [], comments, span: span(0, text.length) }, diagnostics };
  }

  const parser = sharedParser();
  const { ast, problems, stop } = parser.parseFile(tokens, lines, file, comments);
  const seen = new Set<number>();
  for (const error of parser.errors) {
    // A stopped parse leaves input unread; chevrotain calls that an error, but the stop says why.
    if (stop && error.name === "NotAllInputParsedException") continue;
    const d = syntaxDiagnostic(error, tokens, file, lines);
    if (seen.has(d.span.start.offset)) continue; // recovery can report one spot twice
    seen.add(d.span.start.offset);
    diagnostics.push(d);
  }
  if (stop) diagnostics.push(stopDiagnostic(stop, file, lines));

  for (const p of problems) {
    if (p.kind === "number") diagnostics.push(diagnostic("UB1008", p.message, { file, span: p.span, hint: "scenario values and rewards are ordinary sizes; write a smaller number" }));
    else diagnostics.push(diagnostic("UB1006", p.message, { file, span: p.span, hint: "escapes are \\\" \\\\ \\n \\t \\u{hex}; an apostrophe needs none" }));
  }
  return { ast, diagnostics };
}

function tooDeepDiagnostic(token: IToken, file: string, lines: LineIndex): Diagnostic {
  const start = Number.isFinite(token.startOffset) ? token.startOffset : lines.text.length;
  return diagnostic("UB1007", `nesting deeper than ${MAX_NESTING} levels`, {
    file,
    span: lines.span(start, Math.min(lines.text.length, start + 1)),
    hint: "flatten it; brackets, list<...>, 'not' and parentheses each count a level, and scenarios never need this depth",
  });
}

/** Why the parser stopped early, at the token where it stopped. */
function stopDiagnostic(stop: ParseStop, file: string, lines: LineIndex): Diagnostic {
  if (stop.kind === "too-deep") return tooDeepDiagnostic(stop.token, file, lines);
  const start = Number.isFinite(stop.token.startOffset) ? stop.token.startOffset : lines.text.length;
  return diagnostic("UB1003", `${MAX_SYNTAX_ERRORS} syntax errors; the rest of the file is not checked`, {
    file,
    span: lines.span(start, start),
    hint: "fix the errors above and check again",
  });
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 32 || code === 127) return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return `'${ch}'`;
}

/**
 * One pass over the tokens before parsing: words that are keywords get their keyword type;
 * unterminated strings are parsed on as if closed (so the rest of the file is still checked) and
 * returned for their diagnostic; and the first bracket nested deeper than MAX_NESTING is found.
 */
function prepareTokens(tokens: IToken[]): { unterminated: IToken[]; tooDeep: IToken | undefined } {
  const unterminated: IToken[] = [];
  let tooDeep: IToken | undefined;
  let depth = 0;
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === T.Identifier) {
      const keyword = T.keywordType(t.image);
      if (keyword) {
        t.tokenType = keyword;
        t.tokenTypeIdx = keyword.tokenTypeIdx!;
      }
    } else if (type === T.LCurly || type === T.LBracket || type === T.LParen) {
      if (++depth > MAX_NESTING) tooDeep ??= t;
    } else if (type === T.RCurly || type === T.RBracket || type === T.RParen) {
      depth = Math.max(0, depth - 1);
    } else if (type === T.UnterminatedString) {
      unterminated.push(t);
      t.tokenType = T.StringLiteral;
      t.tokenTypeIdx = T.StringLiteral.tokenTypeIdx!;
    }
  }
  return { unterminated, tooDeep };
}

/** The innermost `{` still open at the end of the file, if any. */
function unclosedBrace(tokens: IToken[]): IToken | undefined {
  const stack: IToken[] = [];
  for (const t of tokens) {
    if (t.tokenType === T.LCurly) stack.push(t);
    else if (t.tokenType === T.RCurly) stack.pop();
  }
  return stack.at(-1);
}

function syntaxDiagnostic(error: IRecognitionException, tokens: IToken[], file: string, lines: LineIndex): Diagnostic {
  const token = error.token;
  const rule = error.context?.ruleStack?.at(-1) ?? "file";
  const atEnd = token.tokenType === EOF || Number.isNaN(token.startOffset);

  if (atEnd) {
    const open = unclosedBrace(tokens);
    if (open) {
      return diagnostic("UB1005", "the file ends before this '{' is closed", {
        file,
        span: lines.span(open.startOffset, open.startOffset + 1),
        hint: "add the missing '}'",
      });
    }
    const end = lines.text.length;
    return diagnostic("UB1003", `the file ends too early ${ruleDescriptions[rule] ?? ""}`.trim(), {
      file,
      span: lines.span(end, end),
      hint: expectedHint(error),
    });
  }

  const where: Span = lines.span(token.startOffset, token.startOffset + token.image.length);
  const keywords = statementKeywordsByRule[rule];
  if (keywords && token.tokenType === T.Identifier) {
    const suggestion = didYouMean(token.image, keywords);
    return diagnostic("UB1004", `unknown keyword '${token.image}' ${ruleDescriptions[rule] ?? ""}`.trim(), {
      file,
      span: where,
      hint: suggestion ?? `expected one of: ${keywords.join(", ")}`,
    });
  }
  return diagnostic("UB1003", `unexpected ${describeToken(token)} ${ruleDescriptions[rule] ?? ""}`.trim(), {
    file,
    span: where,
    hint: expectedHint(error),
  });
}

function describeToken(token: IToken): string {
  const image = token.image.length > 30 ? token.image.slice(0, 30) + "…" : token.image;
  if (token.tokenType === T.StringLiteral || token.tokenType === T.TripleString) return `string ${image}`;
  if (token.tokenType === T.NumberLiteral) return `number ${image}`;
  return `'${image}'`;
}

/** Turns chevrotain's "Expecting ..." text into a short hint listing what may come next. */
function expectedHint(error: IRecognitionException): string | undefined {
  const message = error.message;
  const single = /Expecting (?:token of type )?--> (.+?) <--/.exec(message);
  if (single) return `expected ${prettyTokenName(single[1]!)}`;
  const starts = new Set<string>();
  for (const m of message.matchAll(/^\s*\d+\. \[(.*?)(?:,|\])/gm)) starts.add(prettyTokenName(m[1]!.trim()));
  for (const m of message.matchAll(/<\[(.*?)\]>/g)) starts.add(prettyTokenName(m[1]!.split(",")[0]!.trim()));
  if (starts.size === 0) return undefined;
  return `expected ${[...starts].slice(0, 8).join(", ")}`;
}

function prettyTokenName(name: string): string {
  if (name.startsWith("Kw_")) return `'${name.slice(3)}'`;
  const names: Record<string, string> = {
    Name: "a name",
    Identifier: "a name",
    StringLiteral: "a string",
    TripleString: "a string",
    NumberLiteral: "a number",
    Comparison: "a comparison",
  };
  return names[name] ?? name;
}
