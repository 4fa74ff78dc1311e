import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CompiledScenario } from "./compile.js";
import { IR_VERSION, Manifest } from "./ir.js";
import { toolVersion } from "../version.js";

/** Writes `DIR/<id>.json` per scenario and `DIR/manifest.json`; returns the manifest. */
export function writeBuild(outDir: string, scenarios: readonly CompiledScenario[]): Manifest {
  mkdirSync(outDir, { recursive: true });
  const sorted = [...scenarios].sort((a, b) => (a.ir.id < b.ir.id ? -1 : a.ir.id > b.ir.id ? 1 : 0));
  for (const s of sorted) writeFileSync(join(outDir, `${s.ir.id}.json`), s.json);
  const manifest: Manifest = {
    irVersion: IR_VERSION,
    compiler: `ubench ${toolVersion}`,
    scenarios: sorted.map((s) => ({ id: s.ir.id, gym: s.ir.gym, source: s.file, hash: s.ir.hash, shape: s.ir.shape, maxReturn: s.ir.maxReturn })),
  };
  writeFileSync(join(outDir, "manifest.json"), JSON.stringify(Manifest.parse(manifest), null, 2) + "\n");
  return manifest;
}
