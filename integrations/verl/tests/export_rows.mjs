// Reads what `ubc export verl` wrote in a folder, as verl's RLHFDataset would see it: the Parquet
// rows (train then test, int64 as numbers) and tool_config.yaml as JSON. Used by the Python tests,
// which have no Parquet or YAML reader. Usage: node export_rows.mjs <repo root> <export dir>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const [root, dir] = process.argv.slice(2);
const require = createRequire(join(root, "package.json"));
const { parquetReadObjects } = await import(require.resolve("hyparquet"));
const { parse } = await import(require.resolve("yaml"));

const rows = [];
for (const split of ["train", "test"]) {
  const bytes = readFileSync(join(dir, `${split}.parquet`));
  rows.push(...(await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) })));
}
const out = {
  rows,
  tool_config: parse(readFileSync(join(dir, "tool_config.yaml"), "utf8")),
  agent_loops: parse(readFileSync(join(dir, "agent_loop.yaml"), "utf8")),
};
process.stdout.write(JSON.stringify(out, (_, v) => (typeof v === "bigint" ? Number(v) : v)));
