import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import type * as A from "./ast.js";
import { parse } from "./parse.js";
import { quote } from "./strings.js";

/**
 * The canonical form of a .ubench file, as `ubc fmt` writes it:
 * - two-space indentation, one statement per line, LF line endings, one final newline;
 * - the author's statement order is kept; one blank line the author left between statements is
 *   kept (more collapse to one); top-level blocks are separated by one blank line;
 * - short constructs stay on one line (settings, records, text alternatives) and long ones break
 *   one part per line; `"""` prose blocks are re-wrapped at WRAP columns (their value does not
 *   change: single line breaks fold to spaces);
 * - numbers keep the author's spelling; semicolons and optional commas are normalised away;
 * - every comment survives: a comment on its own line stays before what follows it, a comment at
 *   the end of a line stays at the end of that statement's line; a comment written inside a
 *   construct printed on one line moves to the line above it.
 * Formatting never changes meaning: the compiled IR of the output equals that of the input.
 */

const INDENT = "  ";
const INLINE_LIMIT = 100;
/** Options read like rows of a table: they stay on one line longer than other statements. */
const RECORD_LIMIT = 160;
const WRAP = 96;

export function formatSource(text: string, file: string): { output: string } | { diagnostics: Diagnostic[] } {
  const { ast, diagnostics } = parse(text, file);
  if (hasErrors(diagnostics)) return { diagnostics };
  return { output: formatAst(ast, text) };
}

export function formatAst(ast: A.FileAst, sourceText: string): string {
  return new Printer(ast.comments, sourceText).file(ast);
}

class Printer {
  private readonly lines: string[] = [];
  private nextComment = 0;

  constructor(
    private readonly comments: readonly A.Comment[],
    private readonly source: string,
  ) {}

  file(ast: A.FileAst): string {
    ast.blocks.forEach((block, i) => {
      if (i > 0) this.blank();
      this.leadingComments(block.span.start.offset, "");
      this.scenarioBlock(block);
    });
    if (this.nextComment < this.comments.length) {
      this.blank();
      this.leadingComments(Infinity, "");
    }
    return this.lines.join("\n").trim() + "\n";
  }

  // ── comments and blank lines ──────────────────────────────────────────────────────────────

  /**
   * Emits the comments that stand before `offset`, each on its own line(s), keeping one blank
   * line where the author left one between them or after the last of them.
   */
  private leadingComments(offset: number, indent: string): void {
    let printed = false;
    while (this.nextComment < this.comments.length && this.comments[this.nextComment]!.span.start.offset < offset) {
      const comment = this.comments[this.nextComment++]!;
      if (printed && this.blankLineBefore(comment.span.start.offset)) this.blank();
      printed = true;
      for (const line of commentLines(comment.text)) this.lines.push(indent + line);
    }
    if (printed && offset !== Infinity && this.blankLineBefore(offset)) this.blank();
  }

  /** Where an item's own text begins, counting the comments that lead it. */
  private leadStart(offset: number): number {
    const comment = this.comments[this.nextComment];
    return comment && comment.span.start.offset < offset ? comment.span.start.offset : offset;
  }

  /** Appends a comment that follows `endOffset` on the same source line to the last printed line. */
  private trailingComment(endOffset: number): void {
    const comment = this.comments[this.nextComment];
    if (!comment || comment.span.start.offset < endOffset) return;
    const between = this.source.slice(endOffset, comment.span.start.offset);
    if (/[\r\n]/.test(between) || /[\r\n]/.test(comment.text)) return;
    // More statements stand between: the comment ends the line of the last of them, not this one.
    if (/[^\s;,]/.test(between)) return;
    this.nextComment++;
    this.lines[this.lines.length - 1] += " " + comment.text;
  }

  /** Whether a blank line stands before `offset` (lines end in \n, \r\n or a lone \r). */
  private blankLineBefore(offset: number): boolean {
    let i = this.skipLineBreakBack(this.skipBlanksBack(offset - 1));
    if (i === undefined) return false;
    i = this.skipLineBreakBack(this.skipBlanksBack(i));
    return i !== undefined;
  }

  private skipBlanksBack(i: number): number {
    while (i >= 0 && (this.source[i] === " " || this.source[i] === "\t")) i--;
    return i;
  }

  /** The index before the line break ending at `i`, or undefined when there is none. */
  private skipLineBreakBack(i: number): number | undefined {
    if (this.source[i] === "\n") return this.source[i - 1] === "\r" ? i - 2 : i - 1;
    if (this.source[i] === "\r") return i - 1;
    return undefined;
  }

  private blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== "") this.lines.push("");
  }

  // ── blocks ────────────────────────────────────────────────────────────────────────────────

  private scenarioBlock(block: A.ScenarioBlock): void {
    const head = block.kind === "Defaults" ? "defaults {" : `scenario ${block.id?.name ?? ""} {`;
    this.body(head, block.items, "", block.span, (item, indent) => this.scenarioItem(item, indent));
  }

  /** `head {`, the items with their comments, `}`; the closing line may carry a trailing comment. */
  private body<T extends { span: A.Ident["span"] }>(
    head: string,
    items: readonly T[],
    indent: string,
    span: A.Ident["span"],
    printItem: (item: T, indent: string) => void,
  ): void {
    this.lines.push(indent + head);
    this.trailingComment(this.source.indexOf("{", span.start.offset) + 1);
    const inner = indent + INDENT;
    items.forEach((item, i) => {
      if (i > 0 && this.blankLineBefore(this.leadStart(item.span.start.offset))) this.blank();
      this.leadingComments(item.span.start.offset, inner);
      printItem(item, inner);
      this.trailingComment(item.span.end.offset);
    });
    if (items.length > 0 && this.blankLineBefore(this.leadStart(span.end.offset - 1)) && this.leadStart(span.end.offset - 1) < span.end.offset - 1) this.blank();
    this.leadingComments(span.end.offset - 1, inner);
    if (this.lines[this.lines.length - 1] === "") this.lines.pop();
    this.lines.push(indent + "}");
  }

  private scenarioItem(item: A.ScenarioItem, indent: string): void {
    switch (item.kind) {
      case "Aspect":
        this.body(`aspect ${item.name.name} {`, item.items, indent, item.span, (i, ind) => this.aspectItem(i, ind));
        return;
      case "DetailBlock":
        this.detailBlock(item, indent);
        return;
      case "Settings":
        this.settings(item, indent);
        return;
      default:
        this.simpleStatement(item, indent);
    }
  }

  private aspectItem(item: A.AspectItem, indent: string): void {
    switch (item.kind) {
      case "Fields":
        this.body("fields {", item.fields, indent, item.span, (field, ind) => this.line(ind, this.field(field)));
        return;
      case "Search":
        this.recordStatement("search", item.args, indent);
        return;
      case "Option":
        this.recordStatement(`option ${item.id.name}`, item.attributes, indent);
        return;
      case "DetailBlock":
        this.detailBlock(item, indent);
        return;
      default:
        this.simpleStatement(item, indent);
    }
  }

  private detailBlock(block: A.DetailBlock, indent: string): void {
    this.body(`${block.keyword.name} ${block.name.name} {`, block.items, indent, block.span, (item, ind) => this.simpleStatement(item, ind));
  }

  // ── statements ────────────────────────────────────────────────────────────────────────────

  /** A statement printed by itself; comments inside it move above it so none is lost. */
  private simpleStatement(item: A.NameStatement | A.TextStatement | A.ListStatement | A.ChooseStatement | A.StanceStatement | A.WhenStatement, indent: string): void {
    this.commentsInside(item.span.end.offset, indent);
    switch (item.kind) {
      case "NameStatement":
        this.line(indent, `${item.keyword.name} ${item.value.name}`);
        return;
      case "ListStatement":
        this.line(indent, `${item.keyword.name} ${item.values.map((v) => quote(v.value)).join(", ")}`);
        return;
      case "Choose":
        this.line(indent, `choose ${item.order.name} ${path(item.path)}`);
        return;
      case "Stance":
        this.line(indent, `stance ${quote(item.from.value)} -> ${quote(item.to.value)}`);
        return;
      case "When":
        this.line(indent, `when ${expression(item.expr, 0)}`);
        return;
      case "TextStatement":
        this.text(item.keyword.name, item.text, indent);
        return;
    }
  }

  private commentsInside(endOffset: number, indent: string): void {
    while (this.nextComment < this.comments.length && this.comments[this.nextComment]!.span.start.offset < endOffset) {
      const comment = this.comments[this.nextComment++]!;
      // The statement is printed next, so these lines land above it.
      this.lines.push(...commentLines(comment.text).map((l) => indent + l));
    }
  }

  private text(keyword: string, text: A.TextNode, indent: string): void {
    const alternatives = text.alternatives;
    if (alternatives.every((a) => !a.block)) {
      const inline = `${keyword} ${alternatives.map((a) => quote(a.value)).join(" | ")}`;
      if (indent.length + inline.length <= INLINE_LIMIT || alternatives.length === 1) {
        this.line(indent, inline);
        return;
      }
      this.line(indent, `${keyword} ${quote(alternatives[0]!.value)}`);
      const continuation = indent + " ".repeat(keyword.length - 1);
      for (const alt of alternatives.slice(1)) this.line(continuation, `| ${quote(alt.value)}`);
      return;
    }
    // Prose blocks: `keyword """`, wrapped paragraphs, `""" | """` between alternatives, `"""`.
    alternatives.forEach((alt, i) => {
      this.line(indent, i === 0 ? `${keyword} """` : `""" | """`);
      for (const line of wrapProse(alt.value, WRAP - indent.length - INDENT.length)) this.lines.push(line === "" ? "" : indent + INDENT + line);
    });
    this.line(indent, `"""`);
  }

  private settings(block: A.SettingsBlock, indent: string): void {
    this.commentsInside(block.span.end.offset, indent);
    const entries = block.settings.map((s) => `${s.key.name} ${value(s.value)}`);
    const inline = `${block.keyword.name} { ${entries.join(", ")} }`;
    if (entries.length === 0) {
      this.line(indent, `${block.keyword.name} {}`);
    } else if (indent.length + inline.length <= INLINE_LIMIT) {
      this.line(indent, inline);
    } else {
      this.line(indent, `${block.keyword.name} {`);
      for (const entry of entries) this.line(indent + INDENT, entry);
      this.line(indent, "}");
    }
  }

  private recordStatement(head: string, record: A.RecordValue, indent: string): void {
    this.commentsInside(record.span.end.offset, indent);
    const inline = `${head} ${value(record)}`;
    if (indent.length + inline.length <= RECORD_LIMIT || record.entries.length === 0) {
      this.line(indent, inline);
      return;
    }
    this.line(indent, `${head} {`);
    for (const entry of record.entries) this.line(indent + INDENT, `${entry.key.name}: ${value(entry.value)}`);
    this.line(indent, "}");
  }

  private field(field: A.FieldDecl): string {
    const aka = field.aka.length > 0 ? ` aka ${field.aka.map((a) => quote(a.value)).join(", ")}` : "";
    return `${field.name.name}: ${type(field.type)}${aka}`;
  }

  private line(indent: string, text: string): void {
    this.lines.push(indent + text);
  }
}

// ── pure printers ───────────────────────────────────────────────────────────────────────────

function commentLines(text: string): string[] {
  if (text.startsWith("//")) return [text.trimEnd()];
  // Block comments keep their shape; lines lose the indentation they had in the source.
  const lines = text.split(/\r\n?|\n/);
  const rest = lines.slice(1).filter((l) => l.trim() !== "");
  const common = Math.min(...rest.map((l) => /^[ \t]*/.exec(l)![0].length), Infinity);
  return [lines[0]!.trimEnd(), ...lines.slice(1).map((l) => (l.trim() === "" ? "" : " " + l.slice(Number.isFinite(common) ? common : 0).trimEnd()))];
}

function path(p: A.PathNode): string {
  return p.segments.map((s) => s.name).join(".");
}

function type(t: A.TypeNode): string {
  if (t.kind === "RecordType") {
    return `{ ${t.fields.map((f) => `${f.name.name}: ${type(f.type)}${f.aka.length ? ` aka ${f.aka.map((a) => quote(a.value)).join(", ")}` : ""}`).join(", ")} }`;
  }
  return t.argument ? `${t.name.name}<${type(t.argument)}>` : t.name.name;
}

export function value(v: A.Value): string {
  switch (v.kind) {
    case "Number": return v.raw;
    case "Range": return `${v.low.raw} .. ${v.high.raw}`;
    case "String": return quote(v.value);
    case "Bool": return String(v.value);
    case "Name": return v.name;
    case "List": return `[${v.items.map(value).join(", ")}]`;
    case "Record": return v.entries.length === 0 ? "{}" : `{ ${v.entries.map((e) => `${e.key.name}: ${value(e.value)}`).join(", ")} }`;
  }
}

/** Binding strength: or < and < not < a comparison; parentheses only where the tree needs them. */
const precedence: Record<A.Expr["kind"], number> = { Or: 1, And: 2, Not: 3, Compare: 4, Has: 4, In: 4, Truthy: 4 };

export function expression(e: A.Expr, context: number): string {
  const text = (() => {
    switch (e.kind) {
      case "Or": return e.operands.map((o) => expression(o, 2)).join(" or ");
      case "And": return e.operands.map((o) => expression(o, 3)).join(" and ");
      case "Not": return `not ${expression(e.operand, 3)}`;
      case "Compare": return `${path(e.path)} ${e.op} ${value(e.value)}`;
      case "Has": return `${path(e.path)} has ${value(e.value)}`;
      case "In": return `${path(e.path)} in ${value(e.value)}`;
      case "Truthy": return path(e.path);
    }
  })();
  return precedence[e.kind] < context ? `(${text})` : text;
}

/**
 * Wraps prose at word boundaries; paragraphs (the value's line breaks) are separated by blank
 * lines. A paragraph with runs of blanks is kept on one line, since folding would shrink them.
 */
function wrapProse(text: string, width: number): string[] {
  const out: string[] = [];
  text.split("\n").forEach((paragraph, i) => {
    if (i > 0) out.push("");
    if (/[ \t]{2}|\t/.test(paragraph)) {
      out.push(paragraph);
      return;
    }
    let line = "";
    for (const word of paragraph.split(" ")) {
      if (line !== "" && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line === "" ? word : `${line} ${word}`;
    }
    if (line !== "") out.push(line);
  });
  return out;
}
