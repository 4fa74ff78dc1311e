import type * as A from "../../../dsl/ast.js";
import type { Reporter } from "../../context.js";
import type { ResolvedSettings } from "../../gym.js";
import type { Scenario } from "../../ir.js";
import { IR_VERSION } from "../../ir-version.js";
import { texts, type ScenarioView } from "../../scenario-view.js";
import { aspectParts, knownFields, preferParts } from "./aspect-parts.js";
import { bestOption, optionRoles, scenarioShape, travelMaxReturn } from "./derive.js";
import type { Predicate, TravelAspect, TravelKnobs, TravelPreference, TravelRewards, TravelScenario } from "./ir.js";
import { predicatePaths, predicateValues } from "./predicate.js";
import { valueToJson, type Json } from "./types.js";

/**
 * Lowers a checked travel scenario to IR and derives what authors do not write by hand:
 * preference ids, option roles, the best option, the shape and the maximum return.
 * Called only when the checks found no error, so the AST is complete here.
 */
export function lowerTravel(view: ScenarioView, settings: ResolvedSettings, _reporter: Reporter): Scenario {
  const choose = view.last("choose") as A.ChooseStatement | undefined;
  const scenarioRule = {
    order: (choose?.order.name ?? "lowest") as "lowest" | "highest",
    by: choose ? choose.path.segments.map((s) => s.name) : ["cost"],
  };
  let preferenceCount = 0;
  const aspects: TravelAspect[] = view.aspects.map((aspect) => {
    const parts = aspectParts(aspect);
    const fields = knownFields(aspect);
    const preferences: TravelPreference[] = parts.preferences.map((block) => {
      const p = preferParts(block);
      const predicate = lowerExpr(p.when!.expr);
      return {
        id: `P${++preferenceCount}`,
        name: block.name.name,
        aspect: aspect.name.name,
        about: p.about?.text.alternatives[0]?.value ?? block.name.name.replace(/_/g, " "),
        says: texts(p.says?.text),
        hints: p.hints.flatMap((h) => texts(h.text)),
        cues: preferenceCues(predicate, fields, p.cues),
        predicate,
        attributes: predicatePaths(predicate),
      };
    });
    const options = parts.options.map((o) => {
      const attributes = valueToJson(o.attributes) as Record<string, Json>;
      return { id: o.id.name, attributes, ...optionRoles(attributes, preferences) };
    });
    const own = parts.chooses.at(-1);
    const rule = own ? { order: own.order.name as "lowest" | "highest", by: own.path.segments.map((s) => s.name) } : scenarioRule;
    return {
      id: aspect.name.name,
      prefix: parts.prefix!,
      aka: parts.aka,
      fields,
      search: parts.search ? (valueToJson(parts.search.args) as Record<string, Json>) : {},
      preferences,
      options,
      correct: options.filter((o) => o.role === "correct").map((o) => o.id),
      best: bestOption(options, rule)?.id ?? "",
    };
  });

  const rewards = settings.rewards as unknown as TravelRewards;
  const knobs = settings.knobs as unknown as TravelKnobs;
  const draft: Omit<TravelScenario, "source" | "hash"> = {
    irVersion: IR_VERSION,
    id: view.id,
    gym: "travel",
    title: view.text("title")?.alternatives[0]?.value ?? view.id,
    shape: scenarioShape(aspects),
    maxReturn: travelMaxReturn(aspects, rewards, knobs),
    context: view.text("context") ? texts(view.text("context")) : null,
    opening: texts(view.text("opening")),
    choose: scenarioRule,
    rewards,
    knobs,
    aspects,
  };
  return draft as TravelScenario;
}

function lowerExpr(expr: A.Expr): Predicate {
  switch (expr.kind) {
    case "Or":
      return { op: "or", args: expr.operands.map(lowerExpr) };
    case "And":
      return { op: "and", args: expr.operands.map(lowerExpr) };
    case "Not":
      return { op: "not", arg: lowerExpr(expr.operand) };
  }
  const path = expr.path.segments.map((s) => s.name);
  switch (expr.kind) {
    case "Truthy":
      return { op: "is", path };
    case "Has":
      return { op: "has", path, value: String(valueToJson(expr.value)) };
    case "In":
      if (expr.value.kind === "Range") return { op: "between", path, low: expr.value.low.value, high: expr.value.high.value };
      return { op: "in", path, values: (valueToJson(expr.value) as (string | number | boolean)[]) };
    case "Compare":
      return { op: expr.op, path, value: valueToJson(expr.value) };
  }
}

/**
 * Words that tell the built-in simulator a question is about this preference: the names and
 * synonyms of the attributes it reads, its string values, and the cues the author declared.
 */
function preferenceCues(predicate: Predicate, fields: ReturnType<typeof knownFields>, declared: string[]): string[] {
  const cues: string[] = [];
  for (const path of predicatePaths(predicate)) {
    let current = fields;
    for (const segment of path.split(".")) {
      const field = current.find((f) => f.name === segment);
      if (!field) break;
      cues.push(field.name.replace(/_/g, " "), ...field.aka);
      current = field.type.kind === "record" ? field.type.fields : [];
    }
  }
  for (const value of predicateValues(predicate)) if (typeof value === "string") cues.push(value);
  cues.push(...declared);
  return [...new Set(cues.map((c) => c.toLowerCase()))];
}
