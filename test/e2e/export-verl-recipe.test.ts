import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { describe, expect, test } from "vitest";
import { noStackTrace, ubc } from "../support/cli.js";

/** `ubc export verl` with UserRL's recipe flags (docs/export.md): through the built binary. */

const work = mkdtempSync(join(tmpdir(), "ubench-verl-recipe-"));

interface Row {
  extra_info: { split: string; index: bigint; tools_kwargs: { interact_with_env: { create_kwargs: { scenario_id: string; gym: string } } } };
}

async function rows(dir: string, split: "train" | "test"): Promise<Row[]> {
  const bytes = readFileSync(join(dir, `${split}.parquet`));
  return (await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer })) as Row[];
}
const ids = (list: Row[]) => list.map((r) => r.extra_info.tools_kwargs.interact_with_env.create_kwargs.scenario_id);
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));

describe("ubc export verl: UserRL's recipe flags", () => {
  test("--split-from puts exactly the listed scenarios in test and warns about ids it does not know", async () => {
    const list = join(work, "ids.txt");
    writeFileSync(list, "# UserRL test ids\nbathroom_leak\nai_essays\n\naustin_family\nintention_gone_missing\n");
    const out = join(work, "split");
    const run = ubc(["export", "verl", "scenarios", "-o", out, "--split-from", list]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("warning: --split-from: 1 of 4 listed ids name no scenario of the input and are ignored: intention_gone_missing");
    expect(ids(await rows(out, "test")).sort()).toEqual(["ai_essays", "austin_family", "bathroom_leak"]);
    const train = await rows(out, "train");
    expect(ids(train)).not.toContain("bathroom_leak");
    expect(manifest(out).split).toEqual({ from: list, listed: 4, unknownIds: ["intention_gone_missing"] });
    expect(manifest(out).rows.train).toBe(train.length);

    writeFileSync(join(work, "none.txt"), "nothing_here\n");
    const none = ubc(["export", "verl", "scenarios", "-o", join(work, "none"), "--split-from", join(work, "none.txt")]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/none of the 1 listed ids names a scenario/);
    const missing = ubc(["export", "verl", "scenarios", "-o", join(work, "none"), "--split-from", join(work, "absent.txt")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read the id list .*absent\.txt: ENOENT/);
    noStackTrace(missing.stderr);
  });

  test("--mix, --test-mix and --holdout: per-gym counts in the manifest, same bytes on a second run", async () => {
    const args = (out: string) => ["export", "verl", "scenarios", "-o", out, "--seed", "42", "--mix", "travel=0.5,persuade=4", "--test-mix", "*=max(3,0.5)", "--holdout", "intention"];
    const a = ubc(args(join(work, "mix-a")));
    expect(a.code, a.stderr).toBe(0);
    expect(ubc(args(join(work, "mix-b"))).code).toBe(0);
    for (const file of ["train.parquet", "test.parquet", "tool_config.yaml", "manifest.json"]) {
      expect(readFileSync(join(work, "mix-a", file)).equals(readFileSync(join(work, "mix-b", file))), file).toBe(true);
    }
    const m = manifest(join(work, "mix-a"));
    expect(m.mix).toEqual({ travel: "0.5", persuade: "4" });
    expect(m.testMix).toEqual({ "*": "max(3,0.5)" });
    expect(m.gyms.intention.available).toEqual({ train: 0, test: 20 });
    expect(m.gyms.intention.written).toEqual({ train: 0, test: 10 });
    expect(m.gyms.persuade.written.train).toBe(4);
    expect(m.gyms.travel.written.train).toBe(Math.floor(m.gyms.travel.available.train * 0.5));
    const train = await rows(join(work, "mix-a"), "train");
    const test = await rows(join(work, "mix-a"), "test");
    expect(train.some((r) => r.extra_info.tools_kwargs.interact_with_env.create_kwargs.gym === "intention")).toBe(false);
    expect(test.filter((r) => r.extra_info.tools_kwargs.interact_with_env.create_kwargs.gym === "intention")).toHaveLength(10);
    expect(m.rows).toEqual({ train: train.length, test: test.length });
    expect(a.stderr).toContain("train/test per gym: intention 0/10, persuade 4/");
  });

  test("a known gym the input lacks is a warning; an unknown gym, a bad quota or --split-from with --test-fraction is a usage error", () => {
    const known = ubc(["export", "verl", "scenarios/travel", "-o", join(work, "warn"), "--holdout", "intention"]);
    expect(known.code, known.stderr).toBe(0);
    expect(known.stderr).toContain("warning: --holdout names gym 'intention', but the input has no intention scenario");
    const unknown = ubc(["export", "verl", "scenarios/travel", "-o", join(work, "warn"), "--mix", "trvel=0.5"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--mix: unknown gym 'trvel' \(known: .*travel/);
    const quota = ubc(["export", "verl", "scenarios/travel", "-o", join(work, "warn"), "--mix", "travel=1.5"]);
    expect(quota.code).toBe(2);
    expect(quota.stderr).toMatch(/neither a count \(200\) nor a fraction/);
    const both = ubc(["export", "verl", "scenarios/travel", "-o", join(work, "warn"), "--split-from", join(work, "ids.txt"), "--test-fraction", "0.2"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--split-from and --test-fraction exclude each other");
    noStackTrace(quota.stderr + unknown.stderr);
  });

  test("--max-prompt-tokens drops long prompts, lists them on stderr and in the manifest, and renumbers the rest", async () => {
    const out = join(work, "filter");
    const run = ubc(["export", "verl", "scenarios", "-o", out, "--test-fraction", "0", "--max-prompt-tokens", "560", "--tokenizer", "qwen3"]);
    expect(run.code, run.stderr).toBe(0);
    const m = manifest(out);
    expect(m.promptFilter.maxTokens).toBe(560);
    expect(m.promptFilter.dropped.length).toBeGreaterThan(0);
    for (const d of m.promptFilter.dropped) {
      expect(d.tokens).toBeGreaterThanOrEqual(560);
      expect(run.stderr).toContain(`dropped ${d.scenarioId} (${d.gym}, train): prompt of ${d.tokens} tokens >= 560`);
    }
    const train = await rows(out, "train");
    expect(train.length + m.promptFilter.dropped.length).toBe(49);
    expect(ids(train)).not.toContain(m.promptFilter.dropped[0].scenarioId);
    expect(train.map((r) => Number(r.extra_info.index))).toEqual(train.map((_, i) => i));
    // UserRL's limit: none of the shipped scenarios comes near it.
    const full = ubc(["export", "verl", "scenarios", "-o", join(work, "filter-1152"), "--max-prompt-tokens", "1152"]);
    expect(manifest(join(work, "filter-1152")).promptFilter.dropped).toEqual([]);
    expect(full.stderr).not.toContain("dropped");
    expect(ubc(["export", "verl", "scenarios", "-o", out, "--max-prompt-tokens", "0"]).code).toBe(2);
    expect(ubc(["export", "verl", "scenarios", "-o", out, "--max-prompt-tokens", "100", "--tokenizer", "gpt2"]).code).toBe(2);
  });
});
