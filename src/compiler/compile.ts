import type * as A from "../dsl/ast.js";
import { parse } from "../dsl/parse.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { commonChecks } from "./checks/index.js";
import { Reporter } from "./context.js";
import { finalizeScenario, sha256 } from "./emit.js";
import { gymDefinition } from "./gyms/registry.js";
import type { Scenario } from "./ir.js";
import { ScenarioView } from "./scenario-view.js";
import { resolveSettings } from "./settings.js";
import type { SourceFile } from "./sources.js";
import { walkScenario } from "./walk.js";

export interface CompiledScenario {
  ir: Scenario;
  /** The bundle's exact bytes (deterministic). */
  json: string;
  file: string;
}

export interface CompileResult {
  scenarios: CompiledScenario[];
  diagnostics: Diagnostic[];
}

export interface CompileOptions {
  /** Stop after checks and lints: no bundles are built (what `ubc check` needs). */
  checkOnly?: boolean;
}

/**
 * Compiles source files: parse, check (all rules in one walk per scenario), lower to IR with
 * derivations, lint, and finalize the bundles. A scenario with an error yields no bundle; the
 * others still compile, and every diagnostic is returned.
 */
export function compileSources(sources: readonly SourceFile[], options: CompileOptions = {}): CompileResult {
  const scenarios: CompiledScenario[] = [];
  const diagnostics: Diagnostic[] = [];
  const firstById = new Map<string, { file: string; id: A.Ident }>();

  for (const source of sources) {
    const { ast, diagnostics: syntax } = parse(source.text, source.path);
    diagnostics.push(...syntax);
    const reporter = new Reporter(source.path);
    const scenarioBlocks = ast.blocks.filter((b) => b.kind === "Scenario");
    if (scenarioBlocks.length === 0 && !hasErrors(syntax)) {
      reporter.report("UB0004", "the file holds no scenario", ast.span, "start one with: scenario my_id { gym travel ... }  (or run 'ubc new travel my_id')");
    }
    if (hasErrors(syntax)) {
      diagnostics.push(...reporter.diagnostics);
      continue; // semantic checks on a half-parsed file would only add noise
    }
    const defaults = ast.blocks.filter((b) => b.kind === "Defaults");
    for (const block of scenarioBlocks) {
      if (block.id) {
        const earlier = firstById.get(block.id.name);
        if (earlier) {
          reporter.report("UB2002", `scenario id '${block.id.name}' is already used`, block.id.span, "scenario ids must be unique across everything compiled together", [
            { file: earlier.file, span: earlier.id.span, message: "first used here" },
          ]);
        } else firstById.set(block.id.name, { file: source.path, id: block.id });
      }
      const compiled = compileScenario(new ScenarioView(block, defaults, source.path, source.text), source, reporter, options);
      if (compiled) scenarios.push(compiled);
    }
    diagnostics.push(...reporter.diagnostics);
  }
  return { scenarios, diagnostics: sortDiagnostics(diagnostics) };
}

function compileScenario(view: ScenarioView, source: SourceFile, reporter: Reporter, options: CompileOptions): CompiledScenario | undefined {
  const gym = gymDefinition(view.gymName?.name);
  const errorsBefore = reporter.errorCount;
  walkScenario(view, [...commonChecks, ...(gym?.checks ?? [])], { gym, reporter });
  if (!gym || reporter.errorCount > errorsBefore) return undefined;

  const draft = gym.lower(view, resolveSettings(gym, view), reporter);
  if (!draft) return undefined;
  for (const lint of gym.lints) lint.run(draft, view, reporter);
  if (reporter.errorCount > errorsBefore || options.checkOnly) return undefined;

  const { line, column } = view.span.start;
  const { hash: _unset, ...rest } = { ...draft, source: { file: source.path, line, column, sha256: sha256(source.text) } };
  const { ir, json } = finalizeScenario(rest);
  return { ir, json, file: source.path };
}

/** Compiles one text, for tests and tools that have no file on disk. */
export function compileText(text: string, file = "input.ubench", options: CompileOptions = {}): CompileResult {
  return compileSources([{ path: file, text }], options);
}

