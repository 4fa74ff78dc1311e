import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { writeBuild } from "../../src/compiler/write-build.js";
import { BundleError, isBundlePath, loadBundle, loadBundles } from "../../src/runtime/bundle.js";
import { AUSTIN } from "./runtime-fixtures.js";

let dir: string;
let bundleFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ubench-bundle-"));
  const result = compileText(AUSTIN, "fixture.ubench");
  writeBuild(join(dir, "build"), result.scenarios);
  bundleFile = join(dir, "build", "austin_family.json");
});

function edited(change: (bundle: Record<string, unknown>) => void, name: string): string {
  const bundle = JSON.parse(readFileSync(bundleFile, "utf8")) as Record<string, unknown>;
  change(bundle);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(bundle));
  return file;
}

describe("loading bundles", () => {
  test("a compiled bundle, a manifest and a build folder load and validate", () => {
    const one = loadBundle(bundleFile);
    expect(one.id).toBe("austin_family");
    expect(loadBundle(JSON.parse(readFileSync(bundleFile, "utf8")) as object).hash).toBe(one.hash);
    expect(loadBundles(join(dir, "build")).map((s) => s.id)).toEqual(["austin_family"]);
    expect(loadBundles(join(dir, "build", "manifest.json")).map((s) => s.id)).toEqual(["austin_family"]);
    expect(isBundlePath(join(dir, "build"))).toBe(true);
    expect(isBundlePath(dir)).toBe(false);
  });

  test("a schema violation names the file and the first errors", () => {
    const file = edited((b) => {
      (b.knobs as Record<string, unknown>).max_turns = "many";
      delete b.opening;
    }, "broken.json");
    expect(() => loadBundle(file)).toThrow(BundleError);
    try {
      loadBundle(file);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(`${file}: not a valid ubench bundle:`);
      expect(message).toContain("/knobs/max_turns: must be integer");
      expect(message).toContain("(top level): must have required property 'opening'");
    }
  });

  test("a bundle edited by hand, its hash recomputed, is still held to the settings rules compile and --set enforce", () => {
    const rehashed = (change: (bundle: Record<string, unknown>) => void, name: string) =>
      edited((b) => {
        change(b);
        const { hash: _hash, ...rest } = b;
        b.hash = createHash("sha256").update(JSON.stringify(rest), "utf8").digest("hex");
      }, name);
    const tooGenerous = rehashed((b) => ((b.rewards as Record<string, number>).correct = (b.rewards as Record<string, number>).best! + 1), "correct-above-best.json");
    expect(() => loadBundle(tooGenerous)).toThrow(/correct-above-best\.json: .*correct.*best/);
    const neverFinds = rehashed((b) => ((b.knobs as Record<string, number>).search_fail_every = 1), "fail-every-search.json");
    expect(() => loadBundle(neverFinds)).toThrow(/search_fail_every/);
    expect(loadBundle(rehashed(() => {}, "untouched.json")).id).toBe("austin_family");
  });

  test("an edited bundle fails its hash check; another IR version and non-JSON are refused clearly", () => {
    const file = edited((b) => ((b.rewards as Record<string, number>).best = 5), "edited.json");
    expect(() => loadBundle(file)).toThrow(/hash does not match its content/);
    const future = edited((b) => (b.irVersion = 99), "future.json");
    expect(() => loadBundle(future)).toThrow(/IR version 99 is not the version this runtime reads \(1\)/);
    const text = join(dir, "text.json");
    writeFileSync(text, "not json");
    expect(() => loadBundle(text)).toThrow(/text\.json: not JSON/);
    expect(() => loadBundles(join(dir, "missing"))).toThrow(/no such file or folder/);
    expect(() => loadBundles(dir)).toThrow(/folder has no manifest\.json/);
  });
});
