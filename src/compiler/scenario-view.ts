import type * as A from "../dsl/ast.js";
import type { Span } from "../diagnostics/span.js";
import { itemKeyword } from "./gym.js";

/**
 * One scenario as the checks see it: its own statements plus those it inherits from the file's
 * `defaults` blocks (a scenario's own statement wins over an inherited one; settings merge key by
 * key, scenario over defaults).
 */
export class ScenarioView {
  readonly items: A.ScenarioItem[];

  constructor(
    readonly block: A.ScenarioBlock,
    readonly defaults: readonly A.ScenarioBlock[],
    readonly file: string,
    readonly sourceText: string,
  ) {
    const own = new Set(block.items.filter((i) => i.kind !== "Settings").map(itemKeyword));
    const inherited = defaults.flatMap((d) => d.items).filter((i) => i.kind === "Settings" || !own.has(itemKeyword(i)));
    this.items = [...inherited, ...block.items];
  }

  get id(): string {
    return this.block.id?.name ?? "";
  }

  get span(): Span {
    return this.block.id?.span ?? this.block.span;
  }

  all(keyword: string): A.ScenarioItem[] {
    return this.items.filter((i) => itemKeyword(i) === keyword);
  }

  /** The statement's last occurrence (repetition is reported by a check; the last one wins). */
  last(keyword: string): A.ScenarioItem | undefined {
    return this.all(keyword).at(-1);
  }

  text(keyword: string): A.TextNode | undefined {
    const item = this.last(keyword);
    return item?.kind === "TextStatement" ? item.text : undefined;
  }

  name(keyword: string): A.Ident | undefined {
    const item = this.last(keyword);
    return item?.kind === "NameStatement" ? item.value : undefined;
  }

  get gymName(): A.Ident | undefined {
    return this.name("gym");
  }

  get aspects(): A.AspectBlock[] {
    return this.items.filter((i): i is A.AspectBlock => i.kind === "Aspect");
  }

  detailBlocks(keyword: string): A.DetailBlock[] {
    return this.items.filter((i): i is A.DetailBlock => i.kind === "DetailBlock" && i.keyword.name === keyword);
  }

  settings(keyword: "rewards" | "knobs"): A.Setting[] {
    return this.items
      .filter((i): i is A.SettingsBlock => i.kind === "Settings" && i.keyword.name === keyword)
      .flatMap((b) => b.settings);
  }
}

export function texts(node: A.TextNode | undefined): string[] {
  return node ? node.alternatives.map((a) => a.value) : [];
}

/** Where a text the IR holds was written: the string node of the statement alternative with that value. */
export function textSpan(statements: readonly A.ScenarioItem[], value: string): Span | undefined {
  for (const s of statements) {
    if (s.kind !== "TextStatement") continue;
    const alt = s.text.alternatives.find((a) => a.value === value);
    if (alt) return alt.span;
  }
  return undefined;
}
