import { parse } from "../dsl/parse.js";
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { plainSpan, type Span } from "../diagnostics/span.js";
import { commonChecks } from "./checks/index.js";
import { Reporter } from "./context.js";
import { finalizeScenario, sha256 } from "./emit.js";
import { gymDefinition } from "./gyms/registry.js";
import type { Scenario } from "./ir.js";
import { ScenarioView } from "./scenario-view.js";
import { reportSettingsProblem, resolveSettings } from "./settings.js";
import type { SourceFile } from "./sources.js";
import { walkScenario } from "./walk.js";

export interface CompiledScenario {
  /** The bundle as an object, parsed from `json` on first use. */
  readonly ir: Scenario;
  /** The bundle's exact bytes (deterministic). */
  readonly json: string;
  readonly file: string;
  readonly summary: ScenarioSummary;
}

/** What a manifest lists about a bundle. */
export interface ScenarioSummary {
  id: string;
  gym: string;
  hash: string;
  shape: string;
  maxReturn: number;
}

/**
 * Keeps a compiled scenario as its JSON text and parses the object only when asked: a large
 * compile holds thousands of bundles, and text costs the garbage collector nothing to trace.
 */
export class CompiledBundle implements CompiledScenario {
  private parsed: Scenario | undefined;

  constructor(
    readonly json: string,
    readonly file: string,
    readonly summary: ScenarioSummary,
  ) {}

  get ir(): Scenario {
    return (this.parsed ??= JSON.parse(this.json) as Scenario);
  }
}

export interface CompileResult {
  scenarios: CompiledScenario[];
  diagnostics: Diagnostic[];
}

export interface CompileOptions {
  /** Stop after checks and lints: no bundles are built (what `ubc check` needs). */
  checkOnly?: boolean;
}

/** One file's share of a compile: independent of every other file, so files compile in parallel. */
export interface FileResult {
  scenarios: CompiledScenario[];
  diagnostics: Diagnostic[];
  /** Scenario ids declared in the file, for the checks that look across files. */
  ids: { id: string; file: string; span: Span }[];
}

/**
 * Compiles source files: parse, check (all rules in one walk per scenario), lower to IR with
 * derivations, lint, and finalize the bundles. A scenario with an error yields no bundle; the
 * others still compile, and every diagnostic is returned.
 */
export function compileSources(sources: readonly SourceFile[], options: CompileOptions = {}): CompileResult {
  return mergeFileResults(sources.map((source) => compileFile(source, options)));
}

/** Joins per-file results in file order and adds the checks that span files (unique ids). */
export function mergeFileResults(results: readonly FileResult[]): CompileResult {
  const scenarios = results.flatMap((r) => r.scenarios);
  const diagnostics = results.flatMap((r) => r.diagnostics);
  const first = new Map<string, { file: string; span: Span }>();
  for (const { id, file, span } of results.flatMap((r) => r.ids)) {
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, { file, span });
      continue;
    }
    diagnostics.push(
      diagnostic("UB2002", `scenario id '${id}' is already used`, {
        file,
        span,
        hint: "scenario ids must be unique across everything compiled together",
        related: [{ file: earlier.file, span: earlier.span, message: "first used here" }],
      }),
    );
  }
  // A duplicate is an error, so no build is written; its bundle is still returned for tools.
  return { scenarios, diagnostics: sortDiagnostics(diagnostics) };
}

export function compileFile(source: SourceFile, options: CompileOptions = {}): FileResult {
  const { ast, diagnostics: syntax } = parse(source.text, source.path);
  const reporter = new Reporter(source.path);
  const scenarioBlocks = ast.blocks.filter((b) => b.kind === "Scenario");
  const ids = scenarioBlocks.flatMap((b) => (b.id ? [{ id: b.id.name, file: source.path, span: plainSpan(b.id.span) }] : []));
  if (scenarioBlocks.length === 0 && !hasErrors(syntax)) {
    reporter.report("UB0004", "the file holds no scenario", ast.span, "start one with: scenario my_id { gym travel ... } (or run 'ubc new travel my_id')");
  }
  if (hasErrors(syntax)) {
    // Semantic checks on a half-parsed file would only add noise.
    return { scenarios: [], diagnostics: [...syntax, ...reporter.diagnostics], ids };
  }
  const defaults = ast.blocks.filter((b) => b.kind === "Defaults");
  const scenarios: CompiledScenario[] = [];
  const seenInFile = new Set<string>();
  const sourceHash = sha256(source.text);
  for (const block of scenarioBlocks) {
    // Within one file, a repeated id is reported by mergeFileResults; compile only the first.
    if (block.id && seenInFile.has(block.id.name)) continue;
    if (block.id) seenInFile.add(block.id.name);
    const compiled = compileScenario(new ScenarioView(block, defaults, source.path, source.text), { file: source.path, sha256: sourceHash }, reporter, options);
    if (compiled) scenarios.push(compiled);
  }
  return { scenarios, diagnostics: [...syntax, ...reporter.diagnostics], ids };
}

function compileScenario(view: ScenarioView, source: { file: string; sha256: string }, reporter: Reporter, options: CompileOptions): CompiledScenario | undefined {
  const gym = gymDefinition(view.gymName?.name);
  const errorsBefore = reporter.errorCount;
  walkScenario(view, [...commonChecks, ...(gym?.checks ?? [])], { gym, reporter });
  if (!gym || reporter.errorCount > errorsBefore) return undefined;

  const settings = resolveSettings(gym, view);
  if (reportSettingsProblem(gym, view, settings, reporter)) return undefined;
  const draft = gym.lower(view, settings, reporter);
  if (!draft) return undefined;
  for (const lint of gym.lints) lint.run(draft, view, reporter);
  if (reporter.errorCount > errorsBefore || options.checkOnly) return undefined;

  const { line, column } = view.span.start;
  const { hash: _unset, ...rest } = { ...draft, source: { file: source.file, line, column, sha256: source.sha256 } };
  const { ir, json } = finalizeScenario(rest);
  return new CompiledBundle(json, source.file, { id: ir.id, gym: ir.gym, hash: ir.hash, shape: ir.shape, maxReturn: ir.maxReturn });
}

/** Compiles one text, for tests and tools that have no file on disk. */
export function compileText(text: string, file = "input.ubench", options: CompileOptions = {}): CompileResult {
  return compileSources([{ path: file, text }], options);
}

