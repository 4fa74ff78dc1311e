import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { irJsonSchema } from "../../src/compiler/ir.js";

const schemaFile = join(import.meta.dirname, "../../schema/ubench-ir.schema.json");
const austin = readFileSync(join(import.meta.dirname, "../../scenarios/travel/austin_family.ubench"), "utf8");

describe("published IR JSON Schema", () => {
  test("schema/ubench-ir.schema.json matches the zod schema (regenerate: npm run build && node scripts/write-schema.mjs)", () => {
    expect(JSON.parse(readFileSync(schemaFile, "utf8"))).toEqual(irJsonSchema());
  });

  test("emitted bundles validate against the published schema, and a tampered one does not", () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")));
    const [compiled] = compileText(austin, "austin.ubench").scenarios;
    const bundle = JSON.parse(compiled!.json);
    expect(validate(bundle)).toBe(true);
    bundle.aspects[0].options[0].role = "maybe";
    expect(validate(bundle)).toBe(false);
  });

  test("the bundle hash changes with content and is stable otherwise", () => {
    const a = compileText(austin, "austin.ubench").scenarios[0]!;
    const b = compileText(austin.replace("cost: 1240", "cost: 1241"), "austin.ubench").scenarios[0]!;
    expect(a.ir.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.ir.hash).not.toBe(b.ir.hash);
    expect(compileText(austin, "austin.ubench").scenarios[0]!.ir.hash).toBe(a.ir.hash);
  });
});

describe("emitted bundles", () => {
  test("every shipped scenario's bundle parses with the zod schema unchanged (same keys, same order)", async () => {
    const { Scenario } = await import("../../src/compiler/ir.js");
    const { loadSources } = await import("../../src/compiler/sources.js");
    const { compileSources } = await import("../../src/compiler/compile.js");
    const { sources } = loadSources([join(import.meta.dirname, "../../scenarios")]);
    const { scenarios } = compileSources(sources);
    expect(scenarios.length).toBeGreaterThan(0);
    for (const s of scenarios) {
      const reparsed = Scenario.parse(JSON.parse(s.json));
      expect(JSON.stringify(reparsed) + "\n").toBe(s.json);
    }
  });
});
