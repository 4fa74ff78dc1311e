import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CompiledScenario } from "./compile.js";
import { IR_VERSION, Manifest } from "./ir.js";
import { toolVersion } from "../version.js";

/** Writes `DIR/<id>.json` per scenario and `DIR/manifest.json`; returns the manifest. */
export function writeBuild(outDir: string, scenarios: readonly CompiledScenario[]): Manifest {
  mkdirSync(outDir, { recursive: true });
  const sorted = [...scenarios].sort((a, b) => (a.summary.id < b.summary.id ? -1 : a.summary.id > b.summary.id ? 1 : 0));
  for (const s of sorted) writeFileSync(join(outDir, `${s.summary.id}.json`), s.json);
  const manifest: Manifest = {
    irVersion: IR_VERSION,
    compiler: `ubench ${toolVersion}`,
    scenarios: sorted.map((s) => ({ ...s.summary, source: s.file })),
  };
  writeFileSync(join(outDir, "manifest.json"), JSON.stringify(Manifest.parse(manifest), null, 2) + "\n");
  return manifest;
}
