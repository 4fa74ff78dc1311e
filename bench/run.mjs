// Runs every benchmark in bench/ (files named *.bench.mjs or listed here), one process each so
// they do not disturb each other's memory figures.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const benches = ["startup.mjs", "compile.mjs", "env-steps.mjs", "eval-throughput.mjs", "advantages.mjs", "train.mjs", "serve-load.mjs"];
let failed = 0;
for (const bench of benches) {
  const file = new URL(bench, import.meta.url);
  if (!existsSync(file)) continue;
  console.log(`\n# ${bench}`);
  const result = spawnSync(process.execPath, [file.pathname], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
