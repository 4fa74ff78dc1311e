import type * as A from "../dsl/ast.js";
import type { Reporter } from "./context.js";
import type { GymDefinition } from "./gym.js";
import type { ScenarioView } from "./scenario-view.js";

/** What a check sees: the scenario, its gym (when known), and where to report. */
export interface CheckContext {
  view: ScenarioView;
  gym: GymDefinition | undefined;
  reporter: Reporter;
}

/**
 * A semantic check. Like graphql-js's validation rules, each check is one file that returns the
 * visitor methods it needs; all checks run together in one walk of the scenario.
 */
export interface CheckRule {
  name: string;
  create(ctx: CheckContext): Visitor;
}

export interface Visitor {
  scenario?(view: ScenarioView): void;
  item?(item: A.ScenarioItem): void;
  aspect?(aspect: A.AspectBlock): void;
  aspectItem?(item: A.AspectItem, aspect: A.AspectBlock): void;
  detailBlock?(block: A.DetailBlock, aspect: A.AspectBlock | undefined): void;
  detailItem?(item: A.DetailItem, block: A.DetailBlock, aspect: A.AspectBlock | undefined): void;
  option?(option: A.OptionDecl, aspect: A.AspectBlock): void;
  when?(when: A.WhenStatement, block: A.DetailBlock, aspect: A.AspectBlock | undefined): void;
  settings?(block: A.SettingsBlock): void;
  leaveScenario?(view: ScenarioView): void;
}

type Method = keyof Visitor;
type Handlers = { [M in Method]: ((...args: Parameters<NonNullable<Visitor[M]>>) => void)[] };

const methods: readonly Method[] = ["scenario", "item", "aspect", "aspectItem", "detailBlock", "detailItem", "option", "when", "settings", "leaveScenario"];

/** Each method's handlers, bound once: the walk calls only checks that have the method. */
function handlersOf(visitors: readonly Visitor[]): Handlers {
  const handlers = {} as Record<Method, unknown[]>;
  for (const method of methods) {
    handlers[method] = visitors.flatMap((v) => {
      const fn = v[method] as ((...a: unknown[]) => void) | undefined;
      return fn ? [fn.bind(v)] : [];
    });
  }
  return handlers as Handlers;
}

export function walkScenario(view: ScenarioView, rules: readonly CheckRule[], ctx: Omit<CheckContext, "view">): void {
  const on = handlersOf(rules.map((r) => r.create({ ...ctx, view })));

  for (const fn of on.scenario) fn(view);
  for (const item of view.items) {
    for (const fn of on.item) fn(item);
    if (item.kind === "Settings") for (const fn of on.settings) fn(item);
    if (item.kind === "DetailBlock") visitDetailBlock(item, undefined);
    if (item.kind === "Aspect") {
      for (const fn of on.aspect) fn(item);
      for (const aspectItem of item.items) {
        for (const fn of on.aspectItem) fn(aspectItem, item);
        if (aspectItem.kind === "Option") for (const fn of on.option) fn(aspectItem, item);
        if (aspectItem.kind === "DetailBlock") visitDetailBlock(aspectItem, item);
      }
    }
  }
  for (const fn of on.leaveScenario) fn(view);

  function visitDetailBlock(block: A.DetailBlock, aspect: A.AspectBlock | undefined): void {
    for (const fn of on.detailBlock) fn(block, aspect);
    for (const detail of block.items) {
      for (const fn of on.detailItem) fn(detail, block, aspect);
      if (detail.kind === "When") for (const fn of on.when) fn(detail, block, aspect);
    }
  }
}
