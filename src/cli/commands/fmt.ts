import type { Command } from "commander";

export interface FmtOptions {
  check?: boolean;
}

export function registerFmt(program: Command): void {
  program
    .command("fmt")
    .description("rewrite scenario files in canonical form (comments and meaning are kept)")
    .argument("<paths...>", ".ubench files or folders (searched recursively)")
    .option("--check", "change nothing: list the files that would change and exit 1 if any")
    .addHelpText("after", "\nExamples:\n  ubc fmt scenarios\n  ubc fmt --check scenarios   # in CI\n")
    .action(async (paths: string[], opts: FmtOptions) => {
      const { fmtAction } = await import("./fmt-action.js");
      fmtAction(paths, opts);
    });
}
