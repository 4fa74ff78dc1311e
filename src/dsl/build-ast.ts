import type { CstElement, CstNode, IToken } from "chevrotain";
import type { Span } from "../diagnostics/span.js";
import { LineIndex } from "../diagnostics/span.js";
import type * as A from "./ast.js";
import { decodeBlock, decodeQuoted, type StringProblem } from "./strings.js";

/** A problem found while building the AST (string escapes); the caller turns it into a diagnostic. */
export interface BuildProblem {
  kind: "escape";
  span: Span;
  message: string;
}

/**
 * Turns chevrotain's CST into the AST. Recovered parses leave rules half-filled, so every child
 * is optional here: a missing piece yields no node, never a throw (the parser already reported it).
 */
export class AstBuilder {
  readonly problems: BuildProblem[] = [];

  constructor(private readonly lines: LineIndex) {}

  // ── helpers ───────────────────────────────────────────────────────────────────────────────

  private tokenSpan(token: IToken): Span {
    return this.lines.span(token.startOffset, token.startOffset + token.image.length);
  }

  private nodeSpan(node: CstNode): Span {
    const loc = node.location;
    if (loc && Number.isFinite(loc.startOffset) && loc.endOffset !== undefined && Number.isFinite(loc.endOffset)) {
      return this.lines.span(loc.startOffset, loc.endOffset + 1);
    }
    return this.lines.span(0, 0);
  }

  private tokens(node: CstNode, key: string): IToken[] {
    return (node.children[key] ?? []).filter((c): c is IToken => isToken(c) && !c.isInsertedInRecovery);
  }

  private token(node: CstNode, key: string): IToken | undefined {
    return this.tokens(node, key)[0];
  }

  private nodes(node: CstNode, key: string): CstNode[] {
    return (node.children[key] ?? []).filter((c): c is CstNode => !isToken(c));
  }

  private node(node: CstNode, key: string): CstNode | undefined {
    return this.nodes(node, key)[0];
  }

  private ident(token: IToken | undefined): A.Ident | undefined {
    return token ? { name: token.image, span: this.tokenSpan(token) } : undefined;
  }

  /** The first token of any child (keyword alternatives are labelled "keyword"). */
  private keyword(node: CstNode): A.Ident | undefined {
    return this.ident(this.token(node, "keyword"));
  }

  // ── file ──────────────────────────────────────────────────────────────────────────────────

  file(cst: CstNode, file: string, comments: A.Comment[]): A.FileAst {
    const blocks: A.ScenarioBlock[] = [];
    for (const child of [...this.nodes(cst, "scenario"), ...this.nodes(cst, "defaults")]) {
      const block = this.block(child);
      if (block) blocks.push(block);
    }
    blocks.sort((a, b) => a.span.start.offset - b.span.start.offset);
    return { kind: "File", file, blocks, comments, span: this.lines.span(0, this.lines.text.length) };
  }

  private block(node: CstNode): A.ScenarioBlock | undefined {
    const body = this.node(node, "scenarioBody");
    const items = body ? this.nodes(body, "scenarioItem").flatMap((i) => this.scenarioItem(i) ?? []) : [];
    if (node.name === "defaults") return { kind: "Defaults", items, span: this.nodeSpan(node) };
    const id = this.ident(this.token(node, "Name"));
    const block: A.ScenarioBlock = { kind: "Scenario", items, span: this.nodeSpan(node) };
    if (id) block.id = id;
    return block;
  }

  private scenarioItem(node: CstNode): A.ScenarioItem | undefined {
    const [child] = Object.values(node.children).flat().filter((c): c is CstNode => !isToken(c));
    if (!child) return undefined;
    switch (child.name) {
      case "nameStatement": return this.nameStatement(child, "value");
      case "textStatement": return this.textStatement(child);
      case "listStatement": return this.listStatement(child);
      case "chooseStatement": return this.choose(child);
      case "stanceStatement": return this.stance(child);
      case "settingsBlock": return this.settings(child);
      case "aspect": return this.aspect(child);
      case "yieldsBlock":
      case "missingBlock": return this.detailBlock(child, child.name === "yieldsBlock" ? "yields" : "missing");
      default: return undefined;
    }
  }

  private nameStatement(node: CstNode, valueKey: string, keywordKey = "keyword"): A.NameStatement | undefined {
    const keyword = this.ident(this.token(node, keywordKey));
    const value = this.ident(this.token(node, valueKey));
    if (!keyword || !value) return undefined;
    return { kind: "NameStatement", keyword, value, span: this.nodeSpan(node) };
  }

  private textStatement(node: CstNode): A.TextStatement | undefined {
    const keyword = this.keyword(node);
    const textNode = this.node(node, "text");
    const text = textNode && this.text(textNode);
    if (!keyword || !text) return undefined;
    return { kind: "TextStatement", keyword, text, span: this.nodeSpan(node) };
  }

  private listStatement(node: CstNode, keywordToken?: IToken): A.ListStatement | undefined {
    const keyword = this.ident(keywordToken ?? this.token(node, "keyword"));
    const list = this.node(node, "stringList");
    if (!keyword || !list) return undefined;
    return { kind: "ListStatement", keyword, values: this.stringList(list), span: this.nodeSpan(node) };
  }

  private choose(node: CstNode): A.ChooseStatement | undefined {
    const order = this.ident(this.token(node, "order"));
    const pathNode = this.node(node, "path");
    const path = pathNode && this.path(pathNode);
    if (!order || !path) return undefined;
    return { kind: "Choose", order, path, span: this.nodeSpan(node) };
  }

  private stance(node: CstNode): A.StanceStatement | undefined {
    const from = this.token(node, "from");
    const to = this.token(node, "to");
    if (!from || !to) return undefined;
    return { kind: "Stance", from: this.stringToken(from), to: this.stringToken(to), span: this.nodeSpan(node) };
  }

  private settings(node: CstNode): A.SettingsBlock | undefined {
    const keyword = this.keyword(node);
    if (!keyword) return undefined;
    const settings: A.Setting[] = [];
    for (const s of this.nodes(node, "setting")) {
      const key = this.ident(this.token(s, "key"));
      const valueNode = this.node(s, "value");
      const value = valueNode && this.value(valueNode);
      if (key && value) settings.push({ key, value, span: this.nodeSpan(s) });
    }
    return { kind: "Settings", keyword, settings, span: this.nodeSpan(node) };
  }

  // ── aspects ───────────────────────────────────────────────────────────────────────────────

  private aspect(node: CstNode): A.AspectBlock | undefined {
    const name = this.ident(this.token(node, "Name"));
    if (!name) return undefined;
    const items: A.AspectItem[] = [];
    for (const child of childNodesInOrder(node)) {
      const item = this.aspectItem(child);
      if (item) items.push(item);
    }
    return { kind: "Aspect", name, items, span: this.nodeSpan(node) };
  }

  private aspectItem(node: CstNode): A.AspectItem | undefined {
    switch (node.name) {
      case "prefixStatement": return this.nameStatement(node, "Name", "Kw_prefix");
      case "akaStatement": return this.listStatement(node, this.token(node, "Kw_aka"));
      case "fieldsBlock": {
        const list = this.node(node, "fieldList");
        return { kind: "Fields", fields: list ? this.fieldList(list) : [], span: this.nodeSpan(node) };
      }
      case "searchStatement": {
        const record = this.node(node, "record");
        return record ? { kind: "Search", args: this.record(record), span: this.nodeSpan(node) } : undefined;
      }
      case "chooseStatement": return this.choose(node);
      case "prefer": return this.detailBlock(node, "prefer");
      case "optionDecl": {
        const id = this.ident(this.token(node, "Name"));
        const record = this.node(node, "record");
        if (!id || !record) return undefined;
        return { kind: "Option", id, attributes: this.record(record), span: this.nodeSpan(node) };
      }
      default: return undefined;
    }
  }

  private fieldList(node: CstNode): A.FieldDecl[] {
    const fields: A.FieldDecl[] = [];
    for (const f of this.nodes(node, "field")) {
      const name = this.ident(this.token(f, "Name"));
      const typeNode = this.node(f, "type");
      const type = typeNode && this.type(typeNode);
      if (!name || !type) continue;
      const aka = this.node(f, "stringList");
      fields.push({ kind: "Field", name, type, aka: aka ? this.stringList(aka) : [], span: this.nodeSpan(f) });
    }
    return fields;
  }

  private type(node: CstNode): A.TypeNode | undefined {
    const list = this.node(node, "fieldList");
    if (list) return { kind: "RecordType", fields: this.fieldList(list), span: this.nodeSpan(node) };
    const name = this.ident(this.token(node, "Name"));
    if (!name) return undefined;
    const typed: A.NamedType = { kind: "NamedType", name, span: this.nodeSpan(node) };
    const inner = this.node(node, "type");
    const argument = inner && this.type(inner);
    if (argument) typed.argument = argument;
    return typed;
  }

  /** `prefer`, `yields` and `missing` blocks share one shape: named, with detail statements. */
  private detailBlock(node: CstNode, keywordWord: string): A.DetailBlock | undefined {
    const keywordToken = this.token(node, `Kw_${keywordWord}`);
    const keyword = this.ident(keywordToken);
    const name = this.ident(this.token(node, "Name"));
    if (!keyword || !name) return undefined;
    const body = this.node(node, "detailBlock") ?? node;
    const items: A.DetailItem[] = [];
    for (const child of childNodesInOrder(body)) {
      const item = this.detailItem(child);
      if (item) items.push(item);
    }
    return { kind: "DetailBlock", keyword, name, items, span: this.nodeSpan(node) };
  }

  private detailItem(node: CstNode): A.DetailItem | undefined {
    switch (node.name) {
      case "whenStatement": {
        const exprNode = this.node(node, "expression");
        const expr = exprNode && this.expression(exprNode);
        return expr ? { kind: "When", expr, span: this.nodeSpan(node) } : undefined;
      }
      case "detailText": return this.textStatement(node);
      case "detailList": return this.listStatement(node);
      case "importanceStatement": return this.nameStatement(node, "Name", "Kw_importance");
      default: return undefined;
    }
  }

  // ── texts and values ──────────────────────────────────────────────────────────────────────

  private stringToken(token: IToken): A.StringNode {
    const span = this.tokenSpan(token);
    if (token.image.startsWith('"""')) {
      return { kind: "String", value: decodeBlock(token.image), block: true, span };
    }
    const decoded = decodeQuoted(token.image);
    for (const p of decoded.problems) this.problems.push(this.escapeProblem(token, p));
    return { kind: "String", value: decoded.value, block: false, span };
  }

  private escapeProblem(token: IToken, p: StringProblem): BuildProblem {
    const start = token.startOffset + p.offset;
    return { kind: "escape", span: this.lines.span(start, start + p.length), message: p.message };
  }

  private stringLiteral(node: CstNode): A.StringNode | undefined {
    const token = this.token(node, "StringLiteral") ?? this.token(node, "TripleString");
    return token && this.stringToken(token);
  }

  private text(node: CstNode): A.TextNode | undefined {
    const alternatives = this.nodes(node, "stringLiteral").flatMap((s) => this.stringLiteral(s) ?? []);
    if (alternatives.length === 0) return undefined;
    return { kind: "Text", alternatives, span: this.nodeSpan(node) };
  }

  private stringList(node: CstNode): A.StringNode[] {
    return this.nodes(node, "stringLiteral").flatMap((s) => this.stringLiteral(s) ?? []);
  }

  private number(token: IToken): A.NumberValue {
    return { kind: "Number", value: Number(token.image), raw: token.image, span: this.tokenSpan(token) };
  }

  value(node: CstNode): A.Value | undefined {
    const span = this.nodeSpan(node);
    const number = this.token(node, "NumberLiteral");
    if (number) {
      const upper = this.token(node, "upper");
      if (upper) return { kind: "Range", low: this.number(number), high: this.number(upper), span };
      return this.number(number);
    }
    const str = this.node(node, "stringLiteral");
    if (str) return this.stringLiteral(str);
    const name = this.token(node, "Name");
    if (name?.image === "true" || name?.image === "false") return { kind: "Bool", value: name.image === "true", span };
    if (name) return { kind: "Name", name: name.image, span };
    const list = this.node(node, "list");
    if (list) {
      const items = this.nodes(list, "value").flatMap((v) => this.value(v) ?? []);
      return { kind: "List", items, span };
    }
    const record = this.node(node, "record");
    if (record) return this.record(record);
    return undefined;
  }

  private record(node: CstNode): A.RecordValue {
    const entries: A.RecordEntry[] = [];
    for (const e of this.nodes(node, "entry")) {
      const key = this.ident(this.token(e, "Name"));
      const valueNode = this.node(e, "value");
      const value = valueNode && this.value(valueNode);
      if (key && value) entries.push({ key, value, span: this.nodeSpan(e) });
    }
    return { kind: "Record", entries, span: this.nodeSpan(node) };
  }

  // ── predicates ────────────────────────────────────────────────────────────────────────────

  private expression(node: CstNode): A.Expr | undefined {
    const operands = this.nodes(node, "conjunction").flatMap((c) => this.conjunction(c) ?? []);
    if (operands.length <= 1) return operands[0];
    return { kind: "Or", operands, span: this.nodeSpan(node) };
  }

  private conjunction(node: CstNode): A.Expr | undefined {
    const operands = this.nodes(node, "negation").flatMap((c) => this.negation(c) ?? []);
    if (operands.length <= 1) return operands[0];
    return { kind: "And", operands, span: this.nodeSpan(node) };
  }

  private negation(node: CstNode): A.Expr | undefined {
    const inner = this.node(node, "negation");
    if (inner) {
      const operand = this.negation(inner);
      return operand ? { kind: "Not", operand, span: this.nodeSpan(node) } : undefined;
    }
    const atom = this.node(node, "atom");
    return atom && this.atom(atom);
  }

  private atom(node: CstNode): A.Expr | undefined {
    const nested = this.node(node, "expression");
    if (nested) return this.expression(nested);
    const pathNode = this.node(node, "path");
    const path = pathNode && this.path(pathNode);
    if (!path) return undefined;
    const span = this.nodeSpan(node);
    const valueNode = this.node(node, "value");
    const value = valueNode && this.value(valueNode);
    const comparison = this.token(node, "Comparison");
    if (comparison && value) return { kind: "Compare", path, op: comparison.image as A.ComparisonOp, value, span };
    if (this.token(node, "Kw_has") && value) return { kind: "Has", path, value, span };
    if (this.token(node, "Kw_in") && value) return { kind: "In", path, value, span };
    if (comparison || this.token(node, "Kw_has") || this.token(node, "Kw_in")) return undefined;
    return { kind: "Truthy", path, span };
  }

  private path(node: CstNode): A.PathNode | undefined {
    const segments = this.tokens(node, "Name").map((t) => ({ name: t.image, span: this.tokenSpan(t) }));
    if (segments.length === 0) return undefined;
    return { kind: "Path", segments, span: this.nodeSpan(node) };
  }
}

function isToken(element: CstElement): element is IToken {
  return (element as IToken).image !== undefined;
}

/** The rule children of a node in source order (chevrotain groups children by name). */
function childNodesInOrder(node: CstNode): CstNode[] {
  const all: CstNode[] = [];
  for (const list of Object.values(node.children)) {
    for (const c of list) {
      if (!isToken(c)) all.push(c);
    }
  }
  return all.sort((a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0));
}
