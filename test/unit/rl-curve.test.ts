import { describe, expect, test } from "vitest";
import { curveSvg } from "../../src/rl/curve.js";

/** curve.svg counts iterations as the console does: "iteration 1/3" is the first point. */

describe("curve.svg", () => {
  test("the x axis runs from iteration 1 to the last, labelled at both ends", () => {
    const svg = curveSvg(new Map([["travel", [0.1, 0.4, 0.8]]]));
    expect(svg).toContain(">iteration (1 … 3)</text>");
    expect(svg).not.toContain("iteration (0");
    const ticks = [...svg.matchAll(/<text x="([\d.]+)" y="336" text-anchor="middle">(\d+)<\/text>/g)].map((m) => [Number(m[1]), m[2]]);
    const points = /points="([^"]+)"/.exec(svg)![1]!.split(" ").map((p) => Number(p.split(",")[0]));
    expect(ticks).toEqual([[points[0], "1"], [points[2], "3"]]);
  });

  test("one iteration: a single tick, 1", () => {
    const svg = curveSvg(new Map([["travel", [0.5]]]));
    expect(svg).toContain(">iteration (1 … 1)</text>");
    expect([...svg.matchAll(/text-anchor="middle">(\d+)<\/text>/g)].map((m) => m[1])).toEqual(["1"]);
  });
});
