import type { Command } from "commander";

export interface CompileOptions {
  out: string;
}

export function registerCompile(program: Command): void {
  program
    .command("compile")
    .description("check scenarios and emit one IR bundle per scenario plus manifest.json")
    .argument("<paths...>", ".ubench files or folders (searched recursively)")
    .option("-o, --out <dir>", "output folder", "build")
    .addHelpText("after", "\nExample:\n  ubc compile scenarios/travel -o build\n")
    .action(async (paths: string[], opts: CompileOptions) => {
      const { compileAction } = await import("./compile-action.js");
      await compileAction(paths, opts);
    });
}
