import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CompiledScenario } from "./compile.js";
import { IR_VERSION, Manifest } from "./ir.js";
import { toolVersion } from "../version.js";

/**
 * Writes `DIR/<id>.json` per scenario and `DIR/manifest.json`; returns the manifest. Nothing is
 * written unless everything is: the manifest is validated first, every file is written into a
 * fresh folder inside DIR, and only then are the files renamed into DIR, the manifest last. (DIR
 * itself is not replaced: it may hold other files, or be the working directory.)
 */
export function writeBuild(outDir: string, scenarios: readonly CompiledScenario[]): Manifest {
  const sorted = [...scenarios].sort((a, b) => (a.summary.id < b.summary.id ? -1 : a.summary.id > b.summary.id ? 1 : 0));
  const manifest: Manifest = Manifest.parse({
    irVersion: IR_VERSION,
    compiler: `ubench ${toolVersion}`,
    scenarios: sorted.map((s) => ({ ...s.summary, source: s.file })),
  });
  mkdirSync(outDir, { recursive: true });
  const staging = mkdtempSync(join(outDir, ".ubc-build-"));
  try {
    for (const s of sorted) writeFileSync(join(staging, `${s.summary.id}.json`), s.json);
    writeFileSync(join(staging, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    const names = readdirSync(staging).filter((name) => name !== "manifest.json");
    for (const name of [...names, "manifest.json"]) renameSync(join(staging, name), join(outDir, name));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return manifest;
}
