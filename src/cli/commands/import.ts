import { basename } from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { InputProblem, readRecordsFile } from "../../importers/records.js";
import { describeSkipped, importUserRl, userRlKinds, writeImport, type UserRlKind } from "../../importers/userrl/index.js";
import { EXIT_BAD_INPUT, EXIT_OK } from "../output.js";

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError("expected a whole number of at least 1");
  return Number(value);
}

const descriptions: Record<UserRlKind, string> = {
  intention: "UserRL IntentionGym records ([{id, category, task, missing_details}]) as `gym intention` scenarios",
  persuade: "UserRL PersuadeGym records ([{id, claim, argument}]) as `gym persuade` scenarios (reasons derived from the argument)",
};

/**
 * `ubc import <format> <file.json> -o DIR`: turns public data sets into .ubench files. Exit 0 when
 * at least one record imported (skipped records are reported on stderr, one line each); 1 when
 * none did, or the input is unreadable, not JSON or not an array, or the output cannot be
 * written; 2 for usage errors.
 */
export function registerImport(program: Command): void {
  const command = program
    .command("import")
    .description("turn public data sets into .ubench scenario files")
    .addHelpText("after", "\nExamples:\n  ubc import userrl-intention intention_train.json -o scenarios/intention\n  ubc import userrl-persuade persuasion_train.json -o scenarios/persuade --per-file 50\n");
  for (const kind of Object.keys(userRlKinds) as UserRlKind[]) {
    const spec = userRlKinds[kind];
    command
      .command(spec.command)
      .description(descriptions[kind])
      .argument("<file>", "a JSON file holding an array of records")
      .requiredOption("-o, --out <dir>", "output folder (created when missing; files of the same name are replaced)")
      .option("--per-file <n>", "records per file (default 1: one file per record, named after its scenario id)", positiveInteger)
      .option("--no-verify", "write every record that maps, without checking it with the compiler (files may not compile)")
      .addHelpText("after", `\nExample:\n  ubc import ${spec.command} data.json -o scenarios/${kind} && ubc check scenarios/${kind}\n`)
      .exitOverride()
      .action((file: string, opts: { out: string; perFile?: number; verify: boolean }) => {
        let records: unknown[];
        try {
          records = readRecordsFile(file);
        } catch (error) {
          if (!(error instanceof InputProblem)) throw error;
          process.stderr.write(`ubc import: ${error.message}\n`);
          process.exitCode = EXIT_BAD_INPUT;
          return;
        }
        const source = basename(file);
        const result = importUserRl(kind, records, { perFile: opts.perFile ?? 1, sourceName: source, verify: opts.verify });
        for (const skipped of result.skipped) process.stderr.write(`ubc import: ${source}: ${describeSkipped(skipped)}\n`);
        if (result.imported.length === 0) {
          process.stderr.write(`ubc import: ${source}: ${result.total === 0 ? "the array holds no records" : "no record could be imported"}; nothing written\n`);
          process.exitCode = EXIT_BAD_INPUT;
          return;
        }
        try {
          writeImport(opts.out, result.files);
        } catch (error) {
          process.stderr.write(`ubc import: cannot write to ${opts.out}: ${(error as Error).message}\n`);
          process.exitCode = EXIT_BAD_INPUT;
          return;
        }
        const files = `${result.files.length} file${result.files.length === 1 ? "" : "s"}`;
        const skipped = result.skipped.length > 0 ? `; ${result.skipped.length} skipped (see above)` : "";
        const warned = result.imported.filter((r) => r.warnings.length > 0).length;
        const warnings = warned > 0 ? `; ${warned} with lint warnings (ubc check ${opts.out} lists them)` : "";
        process.stdout.write(`imported ${result.imported.length} of ${result.total} record${result.total === 1 ? "" : "s"} into ${opts.out}/ (${files})${skipped}${warnings}\n`);
        process.exitCode = EXIT_OK;
      });
  }
}
