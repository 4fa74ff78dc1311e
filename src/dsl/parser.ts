import { EmbeddedActionsParser, EOF, type IOrAlt, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import type { LineIndex, Span } from "../diagnostics/span.js";
import type * as A from "./ast.js";
import { ResyncIndex } from "./resync-index.js";
import { decodeBlock, decodeQuoted } from "./strings.js";
import * as T from "./tokens.js";

const { Kw } = T;
const kw = (word: string): TokenType => {
  const token = Kw[word];
  if (!token) throw new Error(`no keyword token '${word}'`);
  return token;
};

/** A problem found while building the AST (a string escape, a number too large); the caller turns it into a diagnostic. */
export interface BuildProblem {
  kind: "escape" | "number";
  span: Span;
  message: string;
}

/** Deeper nesting than this is never a real scenario, and would risk the parser's stack. */
export const MAX_NESTING = 64;

/**
 * After this many syntax errors the parser stops. Each recovery scans ahead for a token to resume
 * at (up to the end of the file) and re-enters the rule it recovered in, so an unbounded number
 * of errors cost time quadratic in the file and stack linear in it; a cap keeps both linear.
 */
export const MAX_SYNTAX_ERRORS = 100;

/** Why a parse stopped before the end of the file: the token it stopped at. */
export interface ParseStop {
  kind: "too-deep" | "too-many-errors";
  token: IToken;
}

function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 20)}…` : text;
}

const chevrotainSaveError = (EmbeddedActionsParser.prototype as unknown as { SAVE_ERROR(error: IRecognitionException): IRecognitionException }).SAVE_ERROR;

/** Thrown past chevrotain's recovery (it is not a recognition exception) to end the parse. */
class StopParsing extends Error {
  constructor(readonly stop: ParseStop) {
    super(stop.kind);
  }
}

type PartialBuilder<R = unknown> = (adopt: () => unknown) => R;
const nothingToAdopt = () => undefined;
/** The partial node of a rule that only passes on its sub-rule's. */
const adoptedOnly: PartialBuilder = (adopt) => adopt();

/**
 * The grammar of .ubench files (grammar/ubench.ebnf is its reference form). The rules build the
 * AST as they recognise it (no concrete syntax tree in between: that tree and the pass that read
 * it were a third of the compiler's time and most of its garbage). Error recovery is on, so one
 * parse reports every syntax error in a file: a bad statement is skipped up to the start of the
 * next one, and a rule that recovers yields no node, so every child below is optional (the
 * parser has already reported what is missing).
 *
 * Nodes are built only outside chevrotain's recording phase (it runs every rule once at start-up
 * to record the grammar, with placeholder tokens): inside ACTION, or behind `finish` and
 * RECORDING_PHASE checks in the hottest rules, which saves a closure per call. Pushing a
 * sub-rule's result into the rule's own array needs neither: while recording it only pushes a
 * placeholder into a local array.
 */
export class UbenchParser extends EmbeddedActionsParser {
  private lines!: LineIndex;
  private problems: BuildProblem[] = [];
  /** How deep the rule being run is; `partials[d]` builds what the rule at depth d has so far. */
  private depth = 0;
  private readonly partials: (PartialBuilder | undefined)[] = [];
  /** The depth of the innermost rule a syntax error is unwinding, until a rule recovers. */
  private failedAt: number | undefined;
  /** How many nested constructs (lists, records, `list<`, record types, `not`, parentheses) are open. */
  private nesting = 0;
  private errorCount = 0;
  private resync = new ResyncIndex([]);

  // The alternatives of the frequent ORs, built on first use: otherwise every call builds a fresh
  // array of fresh closures (chevrotain's documented optimisation). Only alternatives that
  // capture no local variable can be kept.
  private blockAlts?: IOrAlt<A.ScenarioBlock | undefined>[];
  private scenarioItemAlts?: IOrAlt<A.ScenarioItem | undefined>[];
  private aspectItemAlts?: IOrAlt<A.AspectItem | undefined>[];
  private preferItemAlts?: IOrAlt<A.DetailItem | undefined>[];
  private detailItemAlts?: IOrAlt<A.DetailItem | undefined>[];
  private valueAlts?: IOrAlt<A.Value | undefined>[];
  private textKeywordAlts?: IOrAlt<IToken>[];
  private settingsKeywordAlts?: IOrAlt<IToken>[];
  private detailTextKeywordAlts?: IOrAlt<IToken>[];
  private detailListKeywordAlts?: IOrAlt<IToken>[];
  private separatorAlts?: IOrAlt<IToken>[];
  private stringAlts?: IOrAlt<IToken>[];

  /**
   * `validate` runs chevrotain's grammar checks (ambiguous alternatives, left recursion...): half
   * of building the parser, which every `ubc` command that parses pays at start-up. They find
   * mistakes in this file, not in the input, so the shared parser skips them (chevrotain's advice
   * for production) and test/unit/dsl-grammar-checks.test.ts builds a parser with them on.
   */
  constructor({ validate = false }: { validate?: boolean } = {}) {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  /**
   * Parses one file's tokens; syntax errors are left in `errors`, escape problems returned. A
   * parse that stops early (nesting too deep, too many errors) returns no blocks and says why.
   */
  parseFile(tokens: IToken[], lines: LineIndex, file: string, comments: A.Comment[]): { ast: A.FileAst; problems: BuildProblem[]; stop?: ParseStop } {
    this.lines = lines;
    this.problems = [];
    this.depth = 0;
    this.nesting = 0;
    this.errorCount = 0;
    this.failedAt = undefined;
    this.input = tokens;
    this.resync = new ResyncIndex(tokens);
    const span = lines.span(0, lines.text.length);
    try {
      const blocks = this.file() ?? [];
      return { ast: { kind: "File", file, blocks, comments, span }, problems: this.problems };
    } catch (error) {
      if (!(error instanceof StopParsing)) throw error;
      return { ast: { kind: "File", file, blocks: [], comments, span }, problems: this.problems, stop: error.stop };
    }
  }

  /**
   * Every syntax error passes here (SAVE_ERROR, internal to chevrotain 11.2.0: its typings do
   * not declare): past the cap, the parse stops.
   */
  SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    const saved = chevrotainSaveError.call(this, error);
    if (++this.errorCount >= MAX_SYNTAX_ERRORS) throw new StopParsing({ kind: "too-many-errors", token: error.token });
    return saved;
  }

  /**
   * Where recovery resumes: the first token that can follow one of the open rules (chevrotain's
   * findReSyncTokenType, internal to chevrotain 11.2.0 and not in its typings), found in the index
   * instead of by testing every token to the end of the file.
   */
  findReSyncTokenType(): TokenType {
    const internals = this as unknown as { flattenFollowSet(): TokenType[]; currIdx: number };
    return this.resync.firstMatch(internals.flattenFollowSet(), internals.currIdx + 1)?.type ?? EOF;
  }

  // ── rules whose partial result survives recovery ────────────────────────────────────────────

  /**
   * A grammar rule. When the parser recovers from a syntax error inside it, the rule returns what
   * it had built so far (the builder it registered with `partial`), including what the rules it
   * was inside of had built (`adopt`), as a concrete syntax tree keeps its partial nodes: a bad
   * statement loses only itself, and a block cut off by the end of the file keeps its contents.
   */
  private rule<R, Arg = void>(name: string, impl: (arg: Arg) => R) {
    return this.RULE(
      name,
      (arg: Arg) => {
        const depth = ++this.depth;
        this.partials[depth] = undefined;
        try {
          return impl(arg);
        } catch (error) {
          this.failedAt ??= depth;
          throw error;
        } finally {
          this.depth = depth - 1;
        }
      },
      {
        // Runs after the failed rule's `finally`, so the rule's own slot is one deeper.
        recoveryValueFunc: () => {
          const result = this.buildPartial(this.depth + 1);
          this.failedAt = undefined;
          return result as R;
        },
      },
    );
  }

  /**
   * Registers how the running rule builds its node from what it has parsed so far. `adopt` gives
   * the partial node of the sub-rule a syntax error cut short (nothing while parsing goes well).
   */
  private partial<R>(build: PartialBuilder<R>): PartialBuilder<R> {
    this.partials[this.depth] = build;
    return build;
  }

  /**
   * Parses one level of a construct that can contain itself (a list, a record, `list<T>`, a
   * record type, `not`, a parenthesised predicate). Past MAX_NESTING open levels the parse
   * stops (UB1007): the recursion would otherwise run out of stack.
   */
  private nested<R>(parse: () => R): R {
    if (this.RECORDING_PHASE) return parse();
    if (this.nesting >= MAX_NESTING) throw new StopParsing({ kind: "too-deep", token: this.LA(1) });
    this.nesting++;
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  /** The node of the rule at `depth` as far as it got, with the partial node of its cut-short sub-rule. */
  private buildPartial(depth: number): unknown {
    const adopt = () => (this.failedAt !== undefined && this.failedAt > depth ? this.buildPartial(depth + 1) : undefined);
    return this.partials[depth]?.(adopt);
  }

  /** The rule's node once it has parsed to its end (nothing is cut short, nothing to adopt). */
  private finish<R>(build: PartialBuilder<R>): R {
    // While recording the grammar, chevrotain runs rules on placeholder tokens: build nothing.
    return this.RECORDING_PHASE ? (undefined as R) : build(nothingToAdopt);
  }

  /**
   * `open item, item, ... close` (commas optional), each item into `into` as it is parsed, so the
   * items outlive an error later in the list (the calling rule's partial builder keeps the item
   * an error cut short). Part of the calling rule's grammar, not a rule of its own.
   */
  private commaSeparated<N>(open: TokenType, item: (...args: never[]) => N | undefined, close: TokenType, into: N[]): void {
    this.CONSUME(open);
    this.MANY(() => {
      const node = this.SUBRULE(item as never) as N | undefined;
      this.ACTION(() => node && into.push(node)); // `into` is an argument: undefined while recording
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(close);
  }

  /** Alternatives that each take one of the keywords (a statement's possible keywords). */
  private keywordAlts(words: readonly string[]): IOrAlt<IToken>[] {
    return words.map((word) => {
      const type = kw(word);
      return { ALT: () => this.CONSUME(type) };
    });
  }

  /** Adds a node cut short by a syntax error to its container, if anything of it was kept. */
  private keep<T>(container: T[], cutShort: unknown): void {
    if (cutShort) container.push(cutShort as T);
  }

  // ── spans and tokens ──────────────────────────────────────────────────────────────────────

  /** From `first` (the rule's first token) to the end of the last token consumed so far. */
  private spanFrom(first: IToken): Span {
    const last = this.LA(0);
    const start = first.startOffset;
    if (!Number.isFinite(start)) return this.lines.span(0, 0);
    const end = Number.isFinite(last.startOffset) && last.startOffset >= start ? last.startOffset + last.image.length : start + first.image.length;
    return this.lines.span(start, end);
  }

  private tokenSpan(token: IToken): Span {
    return this.lines.span(token.startOffset, token.startOffset + token.image.length);
  }

  /** A token the input really holds (recovery may insert a virtual one). */
  private real(token: IToken | undefined): IToken | undefined {
    return token && !token.isInsertedInRecovery ? token : undefined;
  }

  private ident(token: IToken | undefined): A.Ident | undefined {
    const real = this.real(token);
    return real ? { name: real.image, span: this.tokenSpan(real) } : undefined;
  }

  private stringToken(token: IToken): A.StringNode {
    const span = this.tokenSpan(token);
    if (token.image.startsWith('"""')) return { kind: "String", value: decodeBlock(token.image), block: true, span };
    const decoded = decodeQuoted(token.image);
    for (const p of decoded.problems) {
      const start = token.startOffset + p.offset;
      this.problems.push({ kind: "escape", span: this.lines.span(start, start + p.length), message: p.message });
    }
    return { kind: "String", value: decoded.value, block: false, span };
  }

  private number(token: IToken): A.NumberValue {
    const span = this.tokenSpan(token);
    const value = Number(token.image);
    // 1e309 or a 400-digit literal is Infinity as a double (and `null` in a JSON bundle).
    if (!Number.isFinite(value)) this.problems.push({ kind: "number", span, message: `number ${shorten(token.image)} is too large (beyond ±1.8e308)` });
    return { kind: "Number", value, raw: token.image, span };
  }

  // ── file and scenarios ────────────────────────────────────────────────────────────────────

  file = this.rule("file", () => {
    const blocks: A.ScenarioBlock[] = [];
    const build = this.partial((adopt) => {
      this.keep(blocks, adopt());
      return blocks;
    });
    this.MANY(() => {
      const block = this.OR((this.blockAlts ??= [
        { ALT: () => this.SUBRULE(this.scenario) },
        { ALT: () => this.SUBRULE(this.defaults) },
      ]));
      if (block) blocks.push(block);
    });
    return this.finish(build);
  });

  scenario = this.rule("scenario", (): A.ScenarioBlock | undefined => {
    const first = this.LA(1);
    const items: A.ScenarioItem[] = [];
    let name: IToken | undefined;
    const build = this.partial((adopt): A.ScenarioBlock => {
      adopt(); // the body's statements so far, into `items`
      const block: A.ScenarioBlock = { kind: "Scenario", items, span: this.spanFrom(first) };
      const id = this.ident(name);
      if (id) block.id = id;
      return block;
    });
    this.CONSUME(kw("scenario"));
    name = this.CONSUME(T.Name);
    this.SUBRULE(this.scenarioBody, { ARGS: [items] });
    return this.finish(build);
  });

  defaults = this.rule("defaults", (): A.ScenarioBlock => {
    const first = this.LA(1);
    const items: A.ScenarioItem[] = [];
    const build = this.partial((adopt): A.ScenarioBlock => {
      adopt(); // the body's statements so far, into `items`
      return { kind: "Defaults", items, span: this.spanFrom(first) };
    });
    this.CONSUME(kw("defaults"));
    this.SUBRULE(this.scenarioBody, { ARGS: [items] });
    return this.finish(build);
  });

  /** Fills the enclosing block's `items`, so they outlive an error later in the block. */
  scenarioBody = this.rule("scenarioBody", (items: A.ScenarioItem[]) => {
    this.partial((adopt) => this.keep(items, adopt()));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      const item = this.SUBRULE(this.scenarioItem);
      this.ACTION(() => item && items.push(item)); // `items` is an argument: undefined while recording
    });
    this.CONSUME(T.RCurly);
  });

  scenarioItem = this.rule("scenarioItem", (): A.ScenarioItem | undefined => {
    this.partial(adoptedOnly);
    const item = this.OR<A.ScenarioItem | undefined>((this.scenarioItemAlts ??= [
      { ALT: () => this.SUBRULE(this.nameStatement) },
      { ALT: () => this.SUBRULE(this.textStatement) },
      { ALT: () => this.SUBRULE(this.chooseStatement) },
      { ALT: () => this.SUBRULE(this.aspect) },
      { ALT: () => this.SUBRULE(this.settingsBlock) },
      { ALT: () => this.SUBRULE(this.listStatement) },
      { ALT: () => this.SUBRULE(this.stanceStatement) },
      { ALT: () => this.SUBRULE(this.yieldsBlock) },
      { ALT: () => this.SUBRULE(this.missingBlock) },
    ]));
    this.OPTION(() => this.CONSUME(T.Semicolon));
    return item;
  });

  /** `gym travel` */
  nameStatement = this.rule("nameStatement", () => {
    const keyword = this.CONSUME(kw("gym"));
    const value = this.CONSUME(T.Name);
    return this.ACTION(() => this.nameNode(keyword, value));
  });

  private nameNode(keywordToken: IToken, valueToken: IToken): A.NameStatement | undefined {
    const keyword = this.ident(keywordToken);
    const value = this.ident(valueToken);
    if (!keyword || !value) return undefined;
    return { kind: "NameStatement", keyword, value, span: this.spanFrom(keywordToken) };
  }

  /** `title "..."`, `opening "..." | "..."`: a text with alternative phrasings. */
  textStatement = this.rule("textStatement", () => {
    const keyword = this.OR((this.textKeywordAlts ??= this.keywordAlts(["title", "context", "opening", "claim", "believes", "category", "task"])));
    const text = this.SUBRULE(this.text);
    return this.ACTION(() => this.textNode(keyword, text));
  });

  private textNode(keywordToken: IToken, text: A.TextNode | undefined): A.TextStatement | undefined {
    const keyword = this.ident(keywordToken);
    if (!keyword || !text) return undefined;
    return { kind: "TextStatement", keyword, text, span: this.spanFrom(keywordToken) };
  }

  /** `ladder "a", "b", ...` */
  listStatement = this.rule("listStatement", () => {
    const keyword = this.CONSUME(kw("ladder"));
    const values = this.SUBRULE(this.stringList);
    return this.ACTION(() => this.listNode(keyword, values));
  });

  private listNode(keywordToken: IToken, values: A.StringNode[] | undefined): A.ListStatement | undefined {
    const keyword = this.ident(keywordToken);
    if (!keyword || !values) return undefined;
    return { kind: "ListStatement", keyword, values, span: this.spanFrom(keywordToken) };
  }

  /** `choose lowest cost` */
  chooseStatement = this.rule("chooseStatement", (): A.ChooseStatement | undefined => {
    const first = this.CONSUME(kw("choose"));
    const order = this.CONSUME(T.Name);
    const path = this.SUBRULE(this.path);
    return this.ACTION(() => {
      const orderIdent = this.ident(order);
      if (!orderIdent || !path) return undefined;
      return { kind: "Choose", order: orderIdent, path, span: this.spanFrom(first) };
    });
  });

  /** `stance "strongly agree" -> "strongly disagree"` */
  stanceStatement = this.rule("stanceStatement", (): A.StanceStatement | undefined => {
    const first = this.CONSUME(kw("stance"));
    const from = this.CONSUME(T.StringLiteral);
    this.CONSUME(T.Arrow);
    const to = this.CONSUME2(T.StringLiteral);
    return this.ACTION(() => {
      if (!this.real(from) || !this.real(to)) return undefined;
      return { kind: "Stance", from: this.stringToken(from), to: this.stringToken(to), span: this.spanFrom(first) };
    });
  });

  /** `rewards { search 0.2, best 1 }`, `knobs { max_turns 16, one_choice true }` */
  settingsBlock = this.rule("settingsBlock", (): A.SettingsBlock | undefined => {
    const first = this.LA(1);
    const settings: A.Setting[] = [];
    const build = this.partial((adopt): A.SettingsBlock | undefined => {
      this.keep(settings, adopt());
      const keyword = this.ident(first);
      return keyword && { kind: "Settings", keyword, settings, span: this.spanFrom(first) };
    });
    this.OR((this.settingsKeywordAlts ??= this.keywordAlts(["rewards", "knobs"])));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      const setting = this.SUBRULE(this.setting);
      if (setting) settings.push(setting);
      this.OPTION(() => this.OR2((this.separatorAlts ??= [{ ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.Semicolon) }])));
    });
    this.CONSUME(T.RCurly);
    return this.finish(build);
  });

  setting = this.rule("setting", (): A.Setting | undefined => {
    const first = this.CONSUME(T.Name);
    const value = this.SUBRULE(this.value);
    return this.ACTION(() => {
      const key = this.ident(first);
      return key && value && { key, value, span: this.spanFrom(first) };
    });
  });

  // ── aspects ───────────────────────────────────────────────────────────────────────────────

  aspect = this.rule("aspect", (): A.AspectBlock | undefined => {
    const first = this.LA(1);
    const items: A.AspectItem[] = [];
    let nameToken: IToken | undefined;
    const build = this.partial((adopt): A.AspectBlock | undefined => {
      this.keep(items, adopt());
      const name = this.ident(nameToken);
      return name && { kind: "Aspect", name, items, span: this.spanFrom(first) };
    });
    this.CONSUME(kw("aspect"));
    nameToken = this.CONSUME(T.Name);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      const item = this.OR<A.AspectItem | undefined>((this.aspectItemAlts ??= [
        { ALT: () => this.SUBRULE(this.prefixStatement) },
        { ALT: () => this.SUBRULE(this.akaStatement) },
        { ALT: () => this.SUBRULE(this.fieldsBlock) },
        { ALT: () => this.SUBRULE(this.searchStatement) },
        { ALT: () => this.SUBRULE(this.chooseStatement) },
        { ALT: () => this.SUBRULE(this.prefer) },
        { ALT: () => this.SUBRULE(this.optionDecl) },
      ]));
      if (item) items.push(item);
      this.OPTION(() => this.CONSUME(T.Semicolon));
    });
    this.CONSUME(T.RCurly);
    return this.finish(build);
  });

  prefixStatement = this.rule("prefixStatement", () => {
    const keyword = this.CONSUME(kw("prefix"));
    const value = this.CONSUME(T.Name);
    return this.ACTION(() => this.nameNode(keyword, value));
  });

  akaStatement = this.rule("akaStatement", () => {
    const keyword = this.CONSUME(kw("aka"));
    const values = this.SUBRULE(this.stringList);
    return this.ACTION(() => this.listNode(keyword, values));
  });

  fieldsBlock = this.rule("fieldsBlock", (): A.FieldsBlock => {
    const first = this.LA(1);
    const fields: A.FieldDecl[] = [];
    const build = this.partial((adopt): A.FieldsBlock => {
      adopt(); // the fields so far, into `fields`
      return { kind: "Fields", fields, span: this.spanFrom(first) };
    });
    this.CONSUME(kw("fields"));
    this.SUBRULE(this.fieldList, { ARGS: [fields] });
    return this.finish(build);
  });

  /** Fills the enclosing declaration's `fields`, so they outlive an error later in the list. */
  fieldList = this.rule("fieldList", (fields: A.FieldDecl[]) => {
    this.partial((adopt) => this.keep(fields, adopt()));
    this.commaSeparated(T.LCurly, this.field, T.RCurly, fields);
  });

  field = this.rule("field", (): A.FieldDecl | undefined => {
    const first = this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    const type = this.SUBRULE(this.type);
    let aka: A.StringNode[] | undefined;
    this.OPTION(() => {
      this.CONSUME(kw("aka"));
      aka = this.SUBRULE(this.stringList);
    });
    return this.ACTION(() => {
      const name = this.ident(first);
      if (!name || !type) return undefined;
      return { kind: "Field", name, type, aka: aka ?? [], span: this.spanFrom(first) };
    });
  });

  /** `string`, `number`, `bool`, `list<T>`, or a record type `{ a: T, ... }`. */
  type = this.rule("type", (): A.TypeNode | undefined => {
    const first = this.LA(1);
    return this.OR<A.TypeNode | undefined>([
      {
        ALT: () => {
          const nameToken = this.CONSUME(T.Name);
          let argument: A.TypeNode | undefined;
          this.OPTION(() =>
            this.nested(() => {
              this.CONSUME(T.Less);
              argument = this.SUBRULE(this.type);
              this.CONSUME(T.Greater);
            }),
          );
          return this.ACTION(() => {
            const name = this.ident(nameToken);
            if (!name) return undefined;
            const typed: A.NamedType = { kind: "NamedType", name, span: this.spanFrom(first) };
            if (argument) typed.argument = argument;
            return typed;
          });
        },
      },
      {
        ALT: () =>
          this.nested(() => {
            const fields: A.FieldDecl[] = [];
            const build = this.partial((adopt): A.RecordType => {
              adopt(); // the fields so far, into `fields`
              return { kind: "RecordType", fields, span: this.spanFrom(first) };
            });
            this.SUBRULE(this.fieldList, { ARGS: [fields] });
            return this.finish(build);
          }),
      },
    ]);
  });

  searchStatement = this.rule("searchStatement", (): A.SearchStatement | undefined => {
    const first = this.LA(1);
    let args: A.RecordValue | undefined;
    const build = this.partial((adopt): A.SearchStatement | undefined => {
      args ??= adopt() as A.RecordValue | undefined;
      return args && { kind: "Search", args, span: this.spanFrom(first) };
    });
    this.CONSUME(kw("search"));
    args = this.SUBRULE(this.record);
    return this.finish(build);
  });

  prefer = this.rule("prefer", () => {
    const first = this.LA(1);
    const items: A.DetailItem[] = [];
    let nameToken: IToken | undefined;
    const build = this.partial((adopt) => {
      this.keep(items, adopt());
      return this.detailNode(first, nameToken, items);
    });
    this.CONSUME(kw("prefer"));
    nameToken = this.CONSUME(T.Name);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      const item = this.OR<A.DetailItem | undefined>((this.preferItemAlts ??= [
        { ALT: () => this.SUBRULE(this.whenStatement) },
        { ALT: () => this.SUBRULE(this.detailText) },
        { ALT: () => this.SUBRULE(this.detailList) },
      ]));
      if (item) items.push(item);
      this.OPTION(() => this.CONSUME(T.Semicolon));
    });
    this.CONSUME(T.RCurly);
    return this.finish(build);
  });

  /** `prefer`, `yields` and `missing` blocks share one shape: named, with detail statements. */
  private detailNode(keywordToken: IToken, nameToken: IToken | undefined, items: A.DetailItem[]): A.DetailBlock | undefined {
    const keyword = this.ident(keywordToken);
    const name = this.ident(nameToken);
    if (!keyword || !name) return undefined;
    return { kind: "DetailBlock", keyword, name, items, span: this.spanFrom(keywordToken) };
  }

  whenStatement = this.rule("whenStatement", (): A.WhenStatement | undefined => {
    const first = this.CONSUME(kw("when"));
    const expr = this.SUBRULE(this.expression);
    return this.ACTION(() => expr && { kind: "When", expr, span: this.spanFrom(first) });
  });

  /** Statements inside prefer / yields / missing blocks that take a text. */
  detailText = this.rule("detailText", () => {
    const keyword = this.OR((this.detailTextKeywordAlts ??= this.keywordAlts(["about", "says", "hints", "replies", "asks"])));
    const text = this.SUBRULE(this.text);
    return this.ACTION(() => this.textNode(keyword, text));
  });

  /** Statements inside prefer / yields / missing blocks that take a list of strings. */
  detailList = this.rule("detailList", () => {
    const keyword = this.OR((this.detailListKeywordAlts ??= this.keywordAlts(["cues", "answers"])));
    const values = this.SUBRULE(this.stringList);
    return this.ACTION(() => this.listNode(keyword, values));
  });

  optionDecl = this.rule("optionDecl", (): A.OptionDecl | undefined => {
    const first = this.LA(1);
    let nameToken: IToken | undefined;
    let attributes: A.RecordValue | undefined;
    const build = this.partial((adopt): A.OptionDecl | undefined => {
      attributes ??= adopt() as A.RecordValue | undefined;
      const id = this.ident(nameToken);
      return id && attributes && { kind: "Option", id, attributes, span: this.spanFrom(first) };
    });
    this.CONSUME(kw("option"));
    nameToken = this.CONSUME(T.Name);
    attributes = this.SUBRULE(this.record);
    return this.finish(build);
  });

  /** `yields cost { about "..." cues "price", "afford" replies "..." }` (persuade) */
  yieldsBlock = this.rule("yieldsBlock", () => this.namedDetailBlock(kw("yields")));

  /** `missing duration { importance high about "..." asks "..." answers "a", "b" }` (intention) */
  missingBlock = this.rule("missingBlock", () => this.namedDetailBlock(kw("missing")));

  private namedDetailBlock(keyword: TokenType): A.DetailBlock | undefined {
    const first = this.LA(1);
    const items: A.DetailItem[] = [];
    let nameToken: IToken | undefined;
    const build = this.partial((adopt) => {
      this.keep(items, adopt());
      return this.detailNode(first, nameToken, items);
    });
    this.CONSUME(keyword);
    nameToken = this.CONSUME(T.Name);
    this.SUBRULE(this.detailBlock, { ARGS: [items] });
    return this.finish(build);
  }

  /** Fills the enclosing block's `items`, so they outlive an error later in the block. */
  detailBlock = this.rule("detailBlock", (items: A.DetailItem[]) => {
    this.partial((adopt) => this.keep(items, adopt()));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      const item = this.OR<A.DetailItem | undefined>((this.detailItemAlts ??= [
        { ALT: () => this.SUBRULE(this.importanceStatement) },
        { ALT: () => this.SUBRULE(this.detailText) },
        { ALT: () => this.SUBRULE(this.detailList) },
      ]));
      this.ACTION(() => item && items.push(item)); // `items` is an argument: undefined while recording
      this.OPTION(() => this.CONSUME(T.Semicolon));
    });
    this.CONSUME(T.RCurly);
  });

  importanceStatement = this.rule("importanceStatement", () => {
    const keyword = this.CONSUME(kw("importance"));
    const value = this.CONSUME(T.Name);
    return this.ACTION(() => this.nameNode(keyword, value));
  });

  // ── texts and values ──────────────────────────────────────────────────────────────────────

  text = this.rule("text", (): A.TextNode | undefined => {
    const first = this.LA(1);
    const alternatives: A.StringNode[] = [];
    const build = this.partial(() => (alternatives.length === 0 ? undefined : ({ kind: "Text", alternatives, span: this.spanFrom(first) }) as A.TextNode));
    const head = this.SUBRULE(this.stringLiteral);
    if (head) alternatives.push(head);
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      const next = this.SUBRULE2(this.stringLiteral);
      if (next) alternatives.push(next);
    });
    return this.finish(build);
  });

  stringLiteral = this.rule("stringLiteral", (): A.StringNode | undefined => {
    const token = this.OR((this.stringAlts ??= [
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.TripleString) },
    ]));
    if (this.RECORDING_PHASE) return undefined; // (the hottest rules skip ACTION's closure)
    const real = this.real(token);
    return real && this.stringToken(real);
  });

  /**
   * `"a", "b"`. A comma continues the list only when a string follows it: in
   * `fields { cost: number aka "price", rating: number }` the comma ends the field instead.
   */
  stringList = this.rule("stringList", () => {
    const values: A.StringNode[] = [];
    const build = this.partial(() => values);
    const head = this.SUBRULE(this.stringLiteral);
    if (head) values.push(head);
    this.MANY({
      GATE: () => {
        const next = this.LA(2).tokenType;
        return next === T.StringLiteral || next === T.TripleString || next === T.UnterminatedString;
      },
      DEF: () => {
        this.CONSUME(T.Comma);
        const next = this.SUBRULE2(this.stringLiteral);
        if (next) values.push(next);
      },
    });
    return this.finish(build);
  });

  record = this.rule("record", (): A.RecordValue => {
    const first = this.LA(1);
    const entries: A.RecordEntry[] = [];
    const build = this.partial((adopt): A.RecordValue => {
      this.keep(entries, adopt());
      return { kind: "Record", entries, span: this.spanFrom(first) };
    });
    this.commaSeparated(T.LCurly, this.entry, T.RCurly, entries);
    return this.finish(build);
  });

  entry = this.rule("entry", (): A.RecordEntry | undefined => {
    const first = this.LA(1);
    let value: A.Value | undefined;
    const build = this.partial((adopt): A.RecordEntry | undefined => {
      value ??= adopt() as A.Value | undefined;
      const key = this.ident(first);
      return key && value && { key, value, span: this.spanFrom(first) };
    });
    this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    value = this.SUBRULE(this.value);
    return this.finish(build);
  });

  /** Fills the enclosing value's `items`, so they outlive an error later in the list. */
  list = this.rule("list", (items: A.Value[]) => {
    this.partial((adopt) => this.keep(items, adopt()));
    this.commaSeparated(T.LBracket, this.value, T.RBracket, items);
  });

  /** A number, a `lo .. hi` range, a string, a bare name (`true` and `false` are names), a list or a record. */
  value = this.rule("value", (): A.Value | undefined => {
    this.partial(adoptedOnly); // a record cut short
    return this.OR((this.valueAlts ??= [
      {
        ALT: () => {
          const low = this.CONSUME(T.NumberLiteral);
          let high: IToken | undefined;
          this.OPTION(() => {
            this.CONSUME(T.Range);
            high = this.CONSUME2(T.NumberLiteral);
          });
          if (this.RECORDING_PHASE || !this.real(low)) return undefined;
          const upper = this.real(high);
          if (upper) return { kind: "Range", low: this.number(low), high: this.number(upper), span: this.spanFrom(low) };
          return this.number(low);
        },
      },
      { ALT: () => this.SUBRULE(this.stringLiteral) },
      {
        ALT: () => {
          const name = this.CONSUME(T.Name);
          if (this.RECORDING_PHASE || !this.real(name)) return undefined;
          const span = this.spanFrom(name);
          if (name.image === "true" || name.image === "false") return { kind: "Bool", value: name.image === "true", span };
          return { kind: "Name", name: name.image, span };
        },
      },
      {
        ALT: () =>
          this.nested(() => {
            const first = this.LA(1);
            const items: A.Value[] = [];
            const build = this.partial((adopt): A.ListValue => {
              adopt(); // the items so far, into `items`
              return { kind: "List", items, span: this.spanFrom(first) };
            });
            this.SUBRULE(this.list, { ARGS: [items] });
            return this.finish(build);
          }),
      },
      { ALT: () => this.nested(() => this.SUBRULE(this.record)) },
    ]));
  });

  // ── predicates ────────────────────────────────────────────────────────────────────────────

  expression = this.rule("expression", () => this.operands(this.conjunction, kw("or"), "Or"));

  conjunction = this.rule("conjunction", () => this.operands(this.negation, kw("and"), "And"));

  /** `a or b or c` / `a and b`: one operand stands for itself. */
  private operands(operand: () => A.Expr | undefined, separator: TokenType, kind: "Or" | "And"): A.Expr | undefined {
    const first = this.LA(1);
    const operands: A.Expr[] = [];
    const build = this.partial((adopt): A.Expr | undefined => {
      this.keep(operands, adopt());
      return operands.length <= 1 ? operands[0] : { kind, operands, span: this.spanFrom(first) };
    });
    const head = this.SUBRULE(operand as never) as A.Expr | undefined;
    if (head) operands.push(head);
    this.MANY(() => {
      this.CONSUME(separator);
      const next = this.SUBRULE2(operand as never) as A.Expr | undefined;
      if (next) operands.push(next);
    });
    return this.finish(build);
  }

  negation = this.rule("negation", (): A.Expr | undefined => {
    const first = this.LA(1);
    this.partial(adoptedOnly); // an operand cut short
    return this.OR<A.Expr | undefined>([
      {
        ALT: () =>
          this.nested(() => {
            this.CONSUME(kw("not"));
            const operand = this.SUBRULE(this.negation);
            return this.ACTION(() => operand && { kind: "Not", operand, span: this.spanFrom(first) });
          }),
      },
      { ALT: () => this.SUBRULE(this.atom) },
    ]);
  });

  atom = this.rule("atom", (): A.Expr | undefined => {
    const first = this.LA(1);
    this.partial(adoptedOnly); // a parenthesised expression cut short
    return this.OR<A.Expr | undefined>([
      {
        ALT: () =>
          this.nested(() => {
            this.CONSUME(T.LParen);
            const inner = this.SUBRULE(this.expression);
            this.CONSUME(T.RParen);
            return inner;
          }),
      },
      {
        ALT: () => {
          const path = this.SUBRULE(this.path);
          let test: { op: IToken; value: A.Value | undefined } | undefined;
          this.OPTION(() => {
            test = this.OR2([
              { ALT: () => ({ op: this.CONSUME(T.Comparison), value: this.SUBRULE(this.value) }) },
              { ALT: () => ({ op: this.CONSUME(kw("has")), value: this.SUBRULE2(this.value) }) },
              { ALT: () => ({ op: this.CONSUME(kw("in")), value: this.SUBRULE3(this.value) }) },
            ]);
          });
          return this.ACTION(() => this.predicate(path, test, first));
        },
      },
    ]);
  });

  private predicate(path: A.PathNode | undefined, test: { op: IToken; value: A.Value | undefined } | undefined, first: IToken): A.Expr | undefined {
    if (!path) return undefined;
    const span = this.spanFrom(first);
    if (!test) return { kind: "Truthy", path, span };
    const op = this.real(test.op);
    const value = test.value;
    if (!op || !value) return undefined;
    if (op.tokenType === Kw["has"]) return { kind: "Has", path, value, span };
    if (op.tokenType === Kw["in"]) return { kind: "In", path, value, span };
    return { kind: "Compare", path, op: op.image as A.ComparisonOp, value, span };
  }

  path = this.rule("path", (): A.PathNode | undefined => {
    const first = this.LA(1);
    const segments: A.Ident[] = [];
    const build = this.partial(() => (segments.length === 0 ? undefined : ({ kind: "Path", segments, span: this.spanFrom(first) }) as A.PathNode));
    const head = this.CONSUME(T.Name);
    this.ACTION(() => {
      const segment = this.ident(head);
      if (segment) segments.push(segment);
    });
    this.MANY(() => {
      this.CONSUME(T.Dot);
      const next = this.CONSUME2(T.Name);
      this.ACTION(() => {
        const segment = this.ident(next);
        if (segment) segments.push(segment);
      });
    });
    return this.finish(build);
  });
}

/** One parser instance serves every parse: building it (self-analysis) is the expensive part. */
let shared: UbenchParser | undefined;
export function sharedParser(): UbenchParser {
  shared ??= new UbenchParser();
  return shared;
}
