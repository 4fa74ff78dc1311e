import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { compileSources } from "../../src/compiler/compile.js";
import { loadSources, MAX_SOURCE_BYTES, type SourceFile } from "../../src/compiler/sources.js";
import { allCodes, catalogue, type DiagnosticCode } from "../../src/diagnostics/catalogue.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderDiagnostics } from "../../src/diagnostics/render.js";
import { expectGolden, updatingGoldens } from "../support/golden.js";

/**
 * The diagnostic catalogue as examples: for every code, test/diagnostics/<code>/ holds a file that
 * triggers it (bad.ubench, or a README.txt when the test builds the input), its corrected version
 * (fixed.ubench) and the rendered diagnostics (expected.txt; rewritten only with
 * UBENCH_UPDATE_GOLDEN=1). docs/diagnostics.md is generated from the same folders.
 */
const repoRoot = join(import.meta.dirname, "../..");
const examples = join(repoRoot, "test/diagnostics");
const scratch = mkdtempSync(join(tmpdir(), "ubench-diagnostics-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  diagnostics: Diagnostic[];
  /** Source text per file as shown in diagnostics, for code frames and span checks. */
  sources: Map<string, string>;
}

/** Loads and checks paths the way `ubc check` does, showing paths relative to `base`. */
function checkPaths(paths: string[], base: string): Run {
  const prefix = base.split(sep).join("/") + "/";
  const strip = (s: string) => s.split(prefix).join("");
  const loaded = loadSources(paths);
  const result = compileSources(loaded.sources, { checkOnly: true });
  const diagnostics = [...loaded.diagnostics, ...result.diagnostics].map((d) => ({ ...d, file: strip(d.file), message: strip(d.message) }));
  return { diagnostics, sources: new Map(loaded.sources.map((s) => [strip(s.path), s.text])) };
}

function checkTexts(files: SourceFile[]): Run {
  return { diagnostics: compileSources(files, { checkOnly: true }).diagnostics, sources: new Map(files.map((f) => [f.path, f.text])) };
}

function freshDir(name: string): string {
  const dir = join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Codes about files and folders: the test builds their inputs, since a committed file could not hold them. */
const fileLevel: Partial<Record<DiagnosticCode, { bad(dir: string, fixed: string): Run; fixed(dir: string, fixed: string): Run }>> = {
  UB0001: {
    bad: (dir) => checkPaths([join(dir, "bad.ubench")], dir),
    fixed: (dir, fixed) => {
      writeFileSync(join(dir, "bad.ubench"), fixed);
      return checkPaths([join(dir, "bad.ubench")], dir);
    },
  },
  UB0002: {
    bad: (dir, fixed) => {
      mkdirSync(join(dir, "scenarios"));
      writeFileSync(join(dir, "scenarios/lisbon_hotel.txt"), fixed);
      return checkPaths([join(dir, "scenarios")], dir);
    },
    fixed: (dir, fixed) => {
      mkdirSync(join(dir, "scenarios"));
      writeFileSync(join(dir, "scenarios/lisbon_hotel.ubench"), fixed);
      return checkPaths([join(dir, "scenarios")], dir);
    },
  },
  UB0003: {
    bad: (dir, fixed) => {
      writeFileSync(join(dir, "bad.ubench"), Buffer.from(fixed, "latin1"));
      writeFileSync(join(dir, "bad-utf16.ubench"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixed, "utf16le")]));
      const padding = "// padding\n".repeat(Math.ceil((MAX_SOURCE_BYTES + 1024 * 1024) / 11));
      writeFileSync(join(dir, "bad-huge.ubench"), fixed + padding);
      return checkPaths(["bad.ubench", "bad-utf16.ubench", "bad-huge.ubench"].map((f) => join(dir, f)), dir);
    },
    fixed: (dir, fixed) => {
      writeFileSync(join(dir, "bad.ubench"), fixed);
      return checkPaths([join(dir, "bad.ubench")], dir);
    },
  },
};

function runBad(code: DiagnosticCode, folder: string): Run {
  const setup = fileLevel[code];
  if (setup) return setup.bad(freshDir(`${code}-bad`), readFileSync(join(folder, "fixed.ubench"), "utf8"));
  return checkTexts([{ path: "bad.ubench", text: readFileSync(join(folder, "bad.ubench"), "utf8") }]);
}

function runFixed(code: DiagnosticCode, folder: string): Run {
  const fixed = readFileSync(join(folder, "fixed.ubench"), "utf8");
  const setup = fileLevel[code];
  if (setup) return setup.fixed(freshDir(`${code}-fixed`), fixed);
  return checkTexts([{ path: "fixed.ubench", text: fixed }]);
}

function render(run: Run): string {
  return renderDiagnostics(run.diagnostics, { sources: run.sources, color: false }) + "\n";
}

const summary = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.file}:${d.span.start.line}:${d.span.start.column} ${d.code} ${d.message}`);

const folders = readdirSync(examples, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe("diagnostics catalogue", () => {
  test("every catalogue code has an example folder, and every folder is a catalogue code", () => {
    expect(folders).toEqual([...allCodes].sort());
  });

  for (const code of allCodes) {
    const folder = join(examples, code);
    const pending = join(folder, "pending.txt");
    if (existsSync(pending)) {
      const reason = readFileSync(pending, "utf8").trim().split(/(?<=\.)\s/)[0];
      test.skip(`${code} pending: ${reason}`, () => {});
      continue;
    }

    describe(`${code} ${catalogue[code].title}`, () => {
      test("the folder holds the example files", () => {
        const files = existsSync(folder) ? readdirSync(folder) : [];
        expect(files).toContain("fixed.ubench");
        expect(files).toContain("expected.txt");
        expect(files).toContain("fix.txt");
        expect(files.includes("bad.ubench") || files.includes("README.txt")).toBe(true);
      });

      test("the bad example triggers it, with the catalogue's severity, inside the file", () => {
        const run = runBad(code, folder);
        const hits = run.diagnostics.filter((d) => d.code === code);
        expect(hits, summary(run.diagnostics).join("\n")).not.toEqual([]);
        for (const d of hits) {
          expect(d.severity).toBe(catalogue[code].severity);
          const text = run.sources.get(d.file) ?? "";
          expect(d.span.start.offset).toBeGreaterThanOrEqual(0);
          expect(d.span.start.offset).toBeLessThanOrEqual(d.span.end.offset);
          expect(d.span.end.offset).toBeLessThanOrEqual(text.length);
          expect(d.span.start.line).toBeGreaterThanOrEqual(1);
          expect(d.span.start.line).toBeLessThanOrEqual(text.split("\n").length);
          expect(d.span.start.column).toBeGreaterThanOrEqual(1);
        }
      });

      test("the fixed example is clean", () => {
        const run = runFixed(code, folder);
        expect(summary(run.diagnostics.filter((d) => d.code === code))).toEqual([]);
        expect(summary(run.diagnostics)).toEqual([]);
      });

      test("the rendering matches expected.txt", () => {
        expectGolden(join(folder, "expected.txt"), render(runBad(code, folder)));
      });
    });
  }

  test("docs/diagnostics.md is up to date (npm run build && node scripts/diagnostics-doc.mjs)", async () => {
    const script = pathToFileURL(join(repoRoot, "scripts/diagnostics-doc.mjs")).href;
    const { buildDiagnosticsDoc } = (await import(script)) as { buildDiagnosticsDoc(): string };
    const docFile = join(repoRoot, "docs/diagnostics.md");
    if (updatingGoldens) writeFileSync(docFile, buildDiagnosticsDoc());
    expect(existsSync(docFile), "docs/diagnostics.md is missing").toBe(true);
    expect(readFileSync(docFile, "utf8")).toBe(buildDiagnosticsDoc());
  });
});
