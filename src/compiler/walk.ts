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

export function walkScenario(view: ScenarioView, rules: readonly CheckRule[], ctx: Omit<CheckContext, "view">): void {
  const visitors = rules.map((r) => r.create({ ...ctx, view }));
  const call = <M extends Method>(method: M, ...args: Parameters<NonNullable<Visitor[M]>>) => {
    for (const v of visitors) {
      const fn = v[method] as ((...a: unknown[]) => void) | undefined;
      fn?.apply(v, args);
    }
  };

  call("scenario", view);
  for (const item of view.items) {
    call("item", item);
    if (item.kind === "Settings") call("settings", item);
    if (item.kind === "DetailBlock") visitDetailBlock(item, undefined);
    if (item.kind === "Aspect") {
      call("aspect", item);
      for (const aspectItem of item.items) {
        call("aspectItem", aspectItem, item);
        if (aspectItem.kind === "Option") call("option", aspectItem, item);
        if (aspectItem.kind === "DetailBlock") visitDetailBlock(aspectItem, item);
      }
    }
  }
  call("leaveScenario", view);

  function visitDetailBlock(block: A.DetailBlock, aspect: A.AspectBlock | undefined): void {
    call("detailBlock", block, aspect);
    for (const detail of block.items) {
      call("detailItem", detail, block, aspect);
      if (detail.kind === "When") call("when", detail, block, aspect);
    }
  }
}
