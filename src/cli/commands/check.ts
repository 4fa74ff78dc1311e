import { Option, type Command } from "commander";

export interface CheckOptions {
  format: string;
  play?: boolean;
}

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("report diagnostics (errors and lint warnings) without writing anything")
    .argument("<paths...>", ".ubench files or folders (searched recursively)")
    .addOption(new Option("--format <format>", "text (with code frames) or json (one array, for editors and CI)").choices(["text", "json"]).default("text"))
    .option("--play", "also play each scenario: the oracle must reach maxReturn and the null agent earn nothing")
    .addHelpText("after", "\nExamples:\n  ubc check scenarios\n  ubc check broken.ubench --format json\n  ubc check --play scenarios/travel\n")
    .action(async (paths: string[], opts: CheckOptions) => {
      const { checkAction } = await import("./check-action.js");
      await checkAction(paths, opts);
    });
}
