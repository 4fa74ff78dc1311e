import { describe, expect, test } from "vitest";
import { loadSources } from "../../src/compiler/sources.js";
import { compileSources } from "../../src/compiler/compile.js";

// The built module: its worker threads run the compiled JavaScript (npm test builds first).
const builtModule: string = "../../dist/compiler/compile-parallel.js";
const { compileInParallel } = (await import(builtModule)) as typeof import("../../src/compiler/compile-parallel.js");

describe("parallel compile", () => {
  test("gives byte-identical bundles and the same diagnostics as one thread", async () => {
    const { sources } = loadSources(["scenarios", "test/golden/compile"]);
    expect(sources.length).toBeGreaterThan(2);
    const serial = compileSources(sources);
    const parallel = await compileInParallel(sources, {}, { threads: 2, minBytes: 0 });
    expect(parallel.scenarios.map((s) => s.json)).toEqual(serial.scenarios.map((s) => s.json));
    expect(parallel.diagnostics).toEqual(serial.diagnostics);
  });

  test("reports a scenario id duplicated across files handled by different threads", async () => {
    const text = (n: number) => `scenario same { gym travel opening "x" aspect hotel { fields { cost: number } search { a: 1 } prefer p { when cost < 3 says "Cheap." hints "I am broke." } option H1 { cost: 1 } option H2 { cost: ${n} } } }`;
    const sources = [{ path: "a.ubench", text: text(5) }, { path: "b.ubench", text: text(6) }];
    const result = await compileInParallel(sources, {}, { threads: 2, minBytes: 0 });
    const duplicate = result.diagnostics.find((d) => d.code === "UB2002");
    expect(duplicate).toMatchObject({ file: "b.ubench", related: [{ file: "a.ubench" }] });
  });
});
