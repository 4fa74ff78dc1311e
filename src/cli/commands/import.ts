import type { Command } from "commander";
import { userRlKinds, type UserRlKind } from "../../importers/userrl/kinds.js";
import { wholeNumber } from "../flags.js";

const descriptions: Record<UserRlKind, string> = {
  intention: "UserRL IntentionGym records ([{id, category, task, missing_details}]) as `gym intention` scenarios",
  persuade: "UserRL PersuadeGym records ([{id, claim, argument}]) as `gym persuade` scenarios (reasons derived from the argument)",
};

export interface ImportOptions {
  out: string;
  perFile?: number;
  verify: boolean;
}

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
    const name = userRlKinds[kind].command;
    command
      .command(name)
      .description(descriptions[kind])
      .argument("<file>", "a JSON file holding an array of records")
      .requiredOption("-o, --out <dir>", "output folder (created when missing; files of the same name are replaced)")
      .option("--per-file <n>", "records per file (default 1: one file per record, named after its scenario id)", wholeNumber(1))
      .option("--no-verify", "write every record that maps, without checking it with the compiler (files may not compile)")
      .addHelpText("after", `\nExample:\n  ubc import ${name} data.json -o scenarios/${kind} && ubc check scenarios/${kind}\n`)
      .exitOverride()
      .action(async (file: string, opts: ImportOptions) => {
        const { importAction } = await import("./import-action.js");
        importAction(kind, file, opts);
      });
  }
}
