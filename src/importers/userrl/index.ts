import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileText } from "../../compiler/compile.js";
import { formatSource } from "../../dsl/format.js";
import { RecordProblem, recordId, type SkippedRecord } from "../records.js";
import { commentLine, scenarioIdFrom, UniqueNames } from "../source-text.js";
import { intentionScenario } from "./intention.js";
import { userRlKinds, type UserRlKind } from "./kinds.js";
import { persuadeScenario } from "./persuade.js";

/**
 * `ubc import userrl-intention|userrl-persuade`: UserRL records (a JSON array) as .ubench files,
 * one per record or per N records, in canonical format. A record that cannot be expressed is
 * skipped with a reason; the others still import. Each scenario is checked by the compiler as it
 * is written (unless `verify` is off): one the compiler rejects is skipped with its first error,
 * so the files written always compile; warnings (lints) are kept and counted. The output depends
 * only on the records, the options and the input's file name: the same input gives the same bytes.
 */

// Each kind's command and id prefix live in kinds.ts, which `ubc import --help` loads without the compiler.
export { userRlKinds, type UserRlKind };

/** Each kind's record → scenario text. */
const writers: Record<UserRlKind, (scenarioId: string, record: unknown) => string> = { intention: intentionScenario, persuade: persuadeScenario };

export interface ImportOptions {
  /** Records per file (default 1: one file per record, named after its scenario id). */
  perFile?: number;
  /** The input's file name, quoted in each file's header comment. */
  sourceName?: string;
  /** Check each scenario with the compiler and skip those it rejects (default true). */
  verify?: boolean;
}

export interface ImportedRecord {
  index: number;
  id: string | undefined;
  scenarioId: string;
  /** Codes of the compiler's warnings on the scenario, in source order (empty when not verified). */
  warnings: string[];
}

export interface ImportedFile {
  /** File name inside the output folder. */
  name: string;
  text: string;
  scenarioIds: string[];
}

export interface ImportResult {
  total: number;
  imported: ImportedRecord[];
  skipped: SkippedRecord[];
  files: ImportedFile[];
}

interface Written extends ImportedRecord {
  text: string;
}

export function importUserRl(kind: UserRlKind, records: readonly unknown[], options: ImportOptions = {}): ImportResult {
  const spec = userRlKinds[kind];
  const write = writers[kind];
  const perFile = options.perFile ?? 1;
  if (!Number.isInteger(perFile) || perFile < 1) throw new RangeError(`perFile must be a positive integer, not ${perFile}`);

  // Every record claims its id, imported or not, so fixing one record never renames another.
  const ids = new UniqueNames();
  const written: (Written | undefined)[] = [];
  const skipped: SkippedRecord[] = [];
  records.forEach((record, index) => {
    const id = recordId(record);
    const scenarioId = ids.claim(scenarioIdFrom(spec.prefix, id, `record_${index}`));
    try {
      const text = [commentLine(`record ${index}, ${id === undefined ? "no id" : `id ${JSON.stringify(id)}`}`), write(scenarioId, record)].join("\n");
      const formatted = formatSource(text, `${scenarioId}.ubench`);
      if ("diagnostics" in formatted) {
        const first = formatted.diagnostics[0];
        throw new RecordProblem(`the scenario written for it does not parse (${first ? `${first.code}: ${first.message}` : "no diagnostic"}); this is a bug in the importer`);
      }
      const warnings = options.verify === false ? [] : verify(formatted.output, scenarioId);
      written.push({ index, id, scenarioId, warnings, text: formatted.output });
    } catch (error) {
      if (!(error instanceof RecordProblem)) throw error;
      written.push(undefined);
      skipped.push({ index, id, reason: error.message });
    }
  });

  const header = [
    commentLine(`Imported by 'ubc import ${spec.command}'${options.sourceName ? ` from ${options.sourceName}` : ""}:`),
    commentLine("UserRL records (github.com/SalesforceAIResearch/UserRL), Apache License 2.0."),
  ].join("\n");
  const chunkCount = Math.ceil(records.length / perFile);
  const width = Math.max(3, String(chunkCount).length);
  const files: ImportedFile[] = [];
  for (let chunk = 0; chunk < chunkCount; chunk++) {
    const members = written.slice(chunk * perFile, (chunk + 1) * perFile).filter((w): w is Written => w !== undefined);
    if (members.length === 0) continue;
    const name = perFile === 1 ? `${members[0]!.scenarioId}.ubench` : `${spec.prefix}part_${String(chunk + 1).padStart(width, "0")}.ubench`;
    const formatted = formatSource([header, ...members.map((m) => m.text)].join("\n\n"), name);
    if ("diagnostics" in formatted) throw new Error(`internal error: the imported file ${name} does not parse`);
    files.push({ name, text: formatted.output, scenarioIds: members.map((m) => m.scenarioId) });
  }

  return {
    total: records.length,
    imported: written.filter((w): w is Written => w !== undefined).map(({ index, id, scenarioId, warnings }) => ({ index, id, scenarioId, warnings })),
    skipped,
    files,
  };
}

/** Compiles one scenario's text: throws RecordProblem with its first error, or returns its warning codes. */
function verify(text: string, scenarioId: string): string[] {
  const { diagnostics } = compileText(text, `${scenarioId}.ubench`, { checkOnly: true });
  const errors = diagnostics.filter((d) => d.severity === "error");
  const first = errors[0];
  if (first) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? "s" : ""})` : "";
    throw new RecordProblem(`the compiler rejects the scenario: ${first.code} ${first.message}${more}`);
  }
  return diagnostics.map((d) => d.code);
}

/** How a skipped record is reported: its index, its id, and why. */
export function describeSkipped(record: SkippedRecord): string {
  return `record ${record.index}${record.id === undefined ? " (no id)" : ` (id ${JSON.stringify(record.id)})`}: skipped: ${record.reason}`;
}

/** Writes the files into `dir` (created when missing); files of the same name are replaced. */
export function writeImport(dir: string, files: readonly ImportedFile[]): void {
  let isFolder = false;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch {
    mkdirSync(dir, { recursive: true });
    isFolder = true;
  }
  if (!isFolder) throw new Error(`${dir} exists and is not a folder`);
  for (const file of files) writeFileSync(join(dir, file.name), file.text);
}
