import type { Span } from "../diagnostics/span.js";

/**
 * The AST of a .ubench file: faithful to the source (statements in written order, every node with
 * its span), so the compiler can point at any piece and the formatter can print it back.
 * Recovered parses may leave parts out; consumers treat a missing part as already reported.
 */

export interface Ident {
  name: string;
  span: Span;
}

export interface StringNode {
  kind: "String";
  value: string;
  /** Written as a `"""` block: the formatter keeps the block form. */
  block: boolean;
  span: Span;
}

/** A prompt text: one or more alternative phrasings, `"a" | "b"`; the runtime picks one per seed. */
export interface TextNode {
  kind: "Text";
  alternatives: StringNode[];
  span: Span;
}

export interface PathNode {
  kind: "Path";
  segments: Ident[];
  span: Span;
}

// ── values ──────────────────────────────────────────────────────────────────────────────────

export interface NumberValue { kind: "Number"; value: number; raw: string; span: Span }
export interface RangeValue { kind: "Range"; low: NumberValue; high: NumberValue; span: Span }
export interface BoolValue { kind: "Bool"; value: boolean; span: Span }
export interface NameValue { kind: "Name"; name: string; span: Span }
export interface ListValue { kind: "List"; items: Value[]; span: Span }
export interface RecordEntry { key: Ident; value: Value; span: Span }
export interface RecordValue { kind: "Record"; entries: RecordEntry[]; span: Span }
export type Value = NumberValue | RangeValue | StringNode | BoolValue | NameValue | ListValue | RecordValue;

// ── types ───────────────────────────────────────────────────────────────────────────────────

export interface NamedType { kind: "NamedType"; name: Ident; argument?: TypeNode; span: Span }
export interface RecordType { kind: "RecordType"; fields: FieldDecl[]; span: Span }
export type TypeNode = NamedType | RecordType;

export interface FieldDecl {
  kind: "Field";
  name: Ident;
  type: TypeNode;
  aka: StringNode[];
  span: Span;
}

// ── predicates ──────────────────────────────────────────────────────────────────────────────

export type ComparisonOp = "<" | "<=" | ">" | ">=" | "==" | "!=";
export interface OrExpr { kind: "Or"; operands: Expr[]; span: Span }
export interface AndExpr { kind: "And"; operands: Expr[]; span: Span }
export interface NotExpr { kind: "Not"; operand: Expr; span: Span }
export interface CompareExpr { kind: "Compare"; path: PathNode; op: ComparisonOp; value: Value; span: Span }
export interface HasExpr { kind: "Has"; path: PathNode; value: Value; span: Span }
export interface InExpr { kind: "In"; path: PathNode; value: Value; span: Span }
/** A bare path: true when the (boolean) attribute is true. */
export interface TruthyExpr { kind: "Truthy"; path: PathNode; span: Span }
export type Expr = OrExpr | AndExpr | NotExpr | CompareExpr | HasExpr | InExpr | TruthyExpr;

// ── statements ──────────────────────────────────────────────────────────────────────────────

/** `gym travel`, `prefix A`, `importance high`: a keyword and a name. */
export interface NameStatement { kind: "NameStatement"; keyword: Ident; value: Ident; span: Span }
/** `title "..."`, `hints "a" | "b"`: a keyword and a text with alternatives. */
export interface TextStatement { kind: "TextStatement"; keyword: Ident; text: TextNode; span: Span }
/** `aka "a", "b"`, `cues ...`, `ladder ...`: a keyword and a list of strings. */
export interface ListStatement { kind: "ListStatement"; keyword: Ident; values: StringNode[]; span: Span }
export interface ChooseStatement { kind: "Choose"; order: Ident; path: PathNode; span: Span }
export interface StanceStatement { kind: "Stance"; from: StringNode; to: StringNode; span: Span }
export interface Setting { key: Ident; value: Value; span: Span }
export interface SettingsBlock { kind: "Settings"; keyword: Ident; settings: Setting[]; span: Span }
export interface WhenStatement { kind: "When"; expr: Expr; span: Span }
export interface FieldsBlock { kind: "Fields"; fields: FieldDecl[]; span: Span }
export interface SearchStatement { kind: "Search"; args: RecordValue; span: Span }
export interface OptionDecl { kind: "Option"; id: Ident; attributes: RecordValue; span: Span }

/** A named block of detail statements: `prefer x {}`, `yields x {}`, `missing x {}`. */
export interface DetailBlock {
  kind: "DetailBlock";
  keyword: Ident;
  name: Ident;
  items: DetailItem[];
  span: Span;
}
export type DetailItem = TextStatement | ListStatement | NameStatement | WhenStatement;

export interface AspectBlock { kind: "Aspect"; name: Ident; items: AspectItem[]; span: Span }
export type AspectItem = NameStatement | ListStatement | FieldsBlock | SearchStatement | ChooseStatement | DetailBlock | OptionDecl;

export type ScenarioItem =
  | NameStatement
  | TextStatement
  | ListStatement
  | ChooseStatement
  | StanceStatement
  | SettingsBlock
  | AspectBlock
  | DetailBlock;

/** `scenario id { ... }`, or a file's `defaults { ... }` (id undefined) that its scenarios inherit. */
export interface ScenarioBlock {
  kind: "Scenario" | "Defaults";
  id?: Ident;
  items: ScenarioItem[];
  span: Span;
}

export interface Comment {
  text: string;
  span: Span;
}

export interface FileAst {
  kind: "File";
  file: string;
  blocks: ScenarioBlock[];
  comments: Comment[];
  span: Span;
}

export type Statement = ScenarioItem | AspectItem | DetailItem;
