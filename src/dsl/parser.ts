import { CstParser, type CstNode, type IToken, type TokenType } from "chevrotain";
import * as T from "./tokens.js";

const { Kw } = T;
const kw = (word: string): TokenType => {
  const token = Kw[word];
  if (!token) throw new Error(`no keyword token '${word}'`);
  return token;
};

/**
 * The grammar of .ubench files (grammar/ubench.ebnf is its reference form). It builds a CST with
 * full locations; `build-ast.ts` turns it into the AST. Error recovery is on, so one parse reports
 * every syntax error in a file: a bad statement is skipped up to the start of the next one.
 */
export class UbenchParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, nodeLocationTracking: "onlyOffset", maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  file = this.RULE("file", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.scenario) },
        { ALT: () => this.SUBRULE(this.defaults) },
      ]);
    });
  });

  scenario = this.RULE("scenario", () => {
    this.CONSUME(kw("scenario"));
    this.CONSUME(T.Name);
    this.SUBRULE(this.scenarioBody);
  });

  defaults = this.RULE("defaults", () => {
    this.CONSUME(kw("defaults"));
    this.SUBRULE(this.scenarioBody);
  });

  scenarioBody = this.RULE("scenarioBody", () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.scenarioItem));
    this.CONSUME(T.RCurly);
  });

  scenarioItem = this.RULE("scenarioItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.nameStatement) },
      { ALT: () => this.SUBRULE(this.textStatement) },
      { ALT: () => this.SUBRULE(this.chooseStatement) },
      { ALT: () => this.SUBRULE(this.aspect) },
      { ALT: () => this.SUBRULE(this.settingsBlock) },
      { ALT: () => this.SUBRULE(this.listStatement) },
      { ALT: () => this.SUBRULE(this.stanceStatement) },
      { ALT: () => this.SUBRULE(this.yieldsBlock) },
      { ALT: () => this.SUBRULE(this.missingBlock) },
    ]);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  /** `gym travel` */
  nameStatement = this.RULE("nameStatement", () => {
    this.CONSUME(kw("gym"), { LABEL: "keyword" });
    this.CONSUME(T.Name, { LABEL: "value" });
  });

  /** `title "..."`, `opening "..." | "..."`: a text with alternative phrasings. */
  textStatement = this.RULE("textStatement", () => {
    this.OR([
      { ALT: () => this.CONSUME(kw("title"), { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(kw("context"), { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(kw("opening"), { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(kw("claim"), { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(kw("believes"), { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(kw("category"), { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(kw("task"), { LABEL: "keyword" }) },
    ]);
    this.SUBRULE(this.text);
  });

  /** `ladder "a", "b", ...` */
  listStatement = this.RULE("listStatement", () => {
    this.CONSUME(kw("ladder"), { LABEL: "keyword" });
    this.SUBRULE(this.stringList);
  });

  /** `choose lowest cost` */
  chooseStatement = this.RULE("chooseStatement", () => {
    this.CONSUME(kw("choose"));
    this.CONSUME(T.Name, { LABEL: "order" });
    this.SUBRULE(this.path);
  });

  /** `stance "strongly agree" -> "strongly disagree"` */
  stanceStatement = this.RULE("stanceStatement", () => {
    this.CONSUME(kw("stance"));
    this.CONSUME(T.StringLiteral, { LABEL: "from" });
    this.CONSUME(T.Arrow);
    this.CONSUME2(T.StringLiteral, { LABEL: "to" });
  });

  /** `rewards { search 0.2, best 1 }`, `knobs { max_turns 16, one_choice true }` */
  settingsBlock = this.RULE("settingsBlock", () => {
    this.OR([
      { ALT: () => this.CONSUME(kw("rewards"), { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(kw("knobs"), { LABEL: "keyword" }) },
    ]);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.setting);
      this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.Semicolon) }]));
    });
    this.CONSUME(T.RCurly);
  });

  setting = this.RULE("setting", () => {
    this.CONSUME(T.Name, { LABEL: "key" });
    this.SUBRULE(this.value);
  });

  aspect = this.RULE("aspect", () => {
    this.CONSUME(kw("aspect"));
    this.CONSUME(T.Name);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.prefixStatement) },
        { ALT: () => this.SUBRULE(this.akaStatement) },
        { ALT: () => this.SUBRULE(this.fieldsBlock) },
        { ALT: () => this.SUBRULE(this.searchStatement) },
        { ALT: () => this.SUBRULE(this.chooseStatement) },
        { ALT: () => this.SUBRULE(this.prefer) },
        { ALT: () => this.SUBRULE(this.optionDecl) },
      ]);
      this.OPTION(() => this.CONSUME(T.Semicolon));
    });
    this.CONSUME(T.RCurly);
  });

  prefixStatement = this.RULE("prefixStatement", () => {
    this.CONSUME(kw("prefix"));
    this.CONSUME(T.Name);
  });

  akaStatement = this.RULE("akaStatement", () => {
    this.CONSUME(kw("aka"));
    this.SUBRULE(this.stringList);
  });

  fieldsBlock = this.RULE("fieldsBlock", () => {
    this.CONSUME(kw("fields"));
    this.SUBRULE(this.fieldList);
  });

  fieldList = this.RULE("fieldList", () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.field);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RCurly);
  });

  field = this.RULE("field", () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.type);
    this.OPTION(() => {
      this.CONSUME(kw("aka"));
      this.SUBRULE(this.stringList);
    });
  });

  /** `string`, `number`, `bool`, `list<T>`, or a record type `{ a: T, ... }`. */
  type = this.RULE("type", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Name);
          this.OPTION(() => {
            this.CONSUME(T.Less);
            this.SUBRULE(this.type);
            this.CONSUME(T.Greater);
          });
        },
      },
      { ALT: () => this.SUBRULE(this.fieldList) },
    ]);
  });

  searchStatement = this.RULE("searchStatement", () => {
    this.CONSUME(kw("search"));
    this.SUBRULE(this.record);
  });

  prefer = this.RULE("prefer", () => {
    this.CONSUME(kw("prefer"));
    this.CONSUME(T.Name);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.whenStatement) },
        { ALT: () => this.SUBRULE(this.detailText) },
        { ALT: () => this.SUBRULE(this.detailList) },
      ]);
      this.OPTION(() => this.CONSUME(T.Semicolon));
    });
    this.CONSUME(T.RCurly);
  });

  whenStatement = this.RULE("whenStatement", () => {
    this.CONSUME(kw("when"));
    this.SUBRULE(this.expression);
  });

  /** Statements inside prefer / yields / missing blocks that take a text. */
  detailText = this.RULE("detailText", () => {
    this.OR([
      { ALT: () => this.CONSUME(kw("about"), { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(kw("says"), { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(kw("hints"), { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(kw("replies"), { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(kw("asks"), { LABEL: "keyword" }) },
    ]);
    this.SUBRULE(this.text);
  });

  /** Statements inside prefer / yields / missing blocks that take a list of strings. */
  detailList = this.RULE("detailList", () => {
    this.OR([
      { ALT: () => this.CONSUME(kw("cues"), { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(kw("answers"), { LABEL: "keyword" }) },
    ]);
    this.SUBRULE(this.stringList);
  });

  optionDecl = this.RULE("optionDecl", () => {
    this.CONSUME(kw("option"));
    this.CONSUME(T.Name);
    this.SUBRULE(this.record);
  });

  /** `yields cost { about "..." cues "price", "afford" replies "..." }` (persuade) */
  yieldsBlock = this.RULE("yieldsBlock", () => {
    this.CONSUME(kw("yields"));
    this.CONSUME(T.Name);
    this.SUBRULE(this.detailBlock);
  });

  /** `missing duration { importance high about "..." asks "..." answers "a", "b" }` (intention) */
  missingBlock = this.RULE("missingBlock", () => {
    this.CONSUME(kw("missing"));
    this.CONSUME(T.Name);
    this.SUBRULE(this.detailBlock);
  });

  detailBlock = this.RULE("detailBlock", () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.importanceStatement) },
        { ALT: () => this.SUBRULE(this.detailText) },
        { ALT: () => this.SUBRULE(this.detailList) },
      ]);
      this.OPTION(() => this.CONSUME(T.Semicolon));
    });
    this.CONSUME(T.RCurly);
  });

  importanceStatement = this.RULE("importanceStatement", () => {
    this.CONSUME(kw("importance"));
    this.CONSUME(T.Name);
  });

  // ── texts and values ──────────────────────────────────────────────────────────────────────

  text = this.RULE("text", () => {
    this.SUBRULE(this.stringLiteral);
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      this.SUBRULE2(this.stringLiteral);
    });
  });

  stringLiteral = this.RULE("stringLiteral", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.TripleString) },
    ]);
  });

  /**
   * `"a", "b"`. A comma continues the list only when a string follows it: in
   * `fields { cost: number aka "price", rating: number }` the comma ends the field instead.
   */
  stringList = this.RULE("stringList", () => {
    this.SUBRULE(this.stringLiteral);
    this.MANY({
      GATE: () => {
        const next = this.LA(2).tokenType;
        return next === T.StringLiteral || next === T.TripleString || next === T.UnterminatedString;
      },
      DEF: () => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.stringLiteral);
      },
    });
  });

  record = this.RULE("record", () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.entry);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RCurly);
  });

  entry = this.RULE("entry", () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.value);
  });

  list = this.RULE("list", () => {
    this.CONSUME(T.LBracket);
    this.MANY(() => {
      this.SUBRULE(this.value);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });

  /** A number, a `lo .. hi` range, a string, a bare name (`true` and `false` are names), a list or a record. */
  value = this.RULE("value", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.NumberLiteral);
          this.OPTION(() => {
            this.CONSUME(T.Range);
            this.CONSUME2(T.NumberLiteral, { LABEL: "upper" });
          });
        },
      },
      { ALT: () => this.SUBRULE(this.stringLiteral) },
      { ALT: () => this.CONSUME(T.Name) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.record) },
    ]);
  });

  // ── predicates ────────────────────────────────────────────────────────────────────────────

  expression = this.RULE("expression", () => {
    this.SUBRULE(this.conjunction);
    this.MANY(() => {
      this.CONSUME(kw("or"));
      this.SUBRULE2(this.conjunction);
    });
  });

  conjunction = this.RULE("conjunction", () => {
    this.SUBRULE(this.negation);
    this.MANY(() => {
      this.CONSUME(kw("and"));
      this.SUBRULE2(this.negation);
    });
  });

  negation = this.RULE("negation", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(kw("not"));
          this.SUBRULE(this.negation);
        },
      },
      { ALT: () => this.SUBRULE(this.atom) },
    ]);
  });

  atom = this.RULE("atom", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.path);
          this.OPTION(() => {
            this.OR2([
              { ALT: () => { this.CONSUME(T.Comparison); this.SUBRULE(this.value); } },
              { ALT: () => { this.CONSUME(kw("has")); this.SUBRULE2(this.value); } },
              { ALT: () => { this.CONSUME(kw("in")); this.SUBRULE3(this.value); } },
            ]);
          });
        },
      },
    ]);
  });

  path = this.RULE("path", () => {
    this.CONSUME(T.Name);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Name);
    });
  });
}

/** One parser instance serves every parse: building it (self-analysis) is the expensive part. */
let shared: UbenchParser | undefined;
export function sharedParser(): UbenchParser {
  shared ??= new UbenchParser();
  return shared;
}

export type { CstNode, IToken };
