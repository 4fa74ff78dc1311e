// A long fuzz run of the language front end: the property tests of the parser, the compiler and
// the formatter (test/property/parser.property.test.ts, format.property.test.ts), each property
// tried --count times instead of the few hundred CI runs. They check that nothing throws or
// overflows the stack on any input, that nesting is refused at its limit, and that parse and
// compile time grow linearly.
//
//   npm run fuzz -- --count 100000        (default 20000; fast-check's seed is printed on failure)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const at = args.indexOf("--count");
const count = at >= 0 ? Number(args[at + 1]) : 20_000;
if (!Number.isInteger(count) || count < 1 || args.some((a, i) => a !== "--count" && i !== at + 1)) {
  console.error("usage: node scripts/fuzz.mjs [--count N]   (N: inputs per property, a positive whole number)");
  process.exit(2);
}

const root = fileURLToPath(new URL("..", import.meta.url));
const vitest = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));
const result = spawnSync(
  process.execPath,
  [vitest, "run", "test/property/parser.property.test.ts", "test/property/format.property.test.ts", "--testTimeout", "0"],
  { cwd: root, stdio: "inherit", env: { ...process.env, UBENCH_FUZZ_RUNS: String(count) } },
);
process.exit(result.status ?? 1);
