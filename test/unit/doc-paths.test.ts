import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { repoRoot } from "../support/cli.js";

/**
 * Every path of ours that the prose names exists: README.md, ARCHITECTURE.md, docs/ and the verl
 * integration's README point readers at files, and a move (src/eval -> src/runs, say) must carry
 * them along. A `src/...` path whose first folder is not one of ours (`src/openenv/...`,
 * `src/tinker/...`) names a third-party repository's file and is left alone.
 */
const pages = ["README.md", "ARCHITECTURE.md", "integrations/verl/README.md", ...readdirSync(join(repoRoot, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const ours = new Set(readdirSync(join(repoRoot, "src")));

function namedPaths(text: string): string[] {
  const paths = [...text.matchAll(/\bsrc\/[A-Za-z0-9_./-]+/g)].map((m) => m[0].replace(/[.,:;)]+$/, ""));
  return [...new Set(paths)].filter((path) => ours.has(path.split("/")[1]!));
}

describe("paths named in the docs", () => {
  test.each(pages)("%s names only files and folders that exist", (page) => {
    const missing = namedPaths(readFileSync(join(repoRoot, page), "utf8")).filter((path) => !existsSync(join(repoRoot, path)));
    expect(missing).toEqual([]);
  });

  test("the check reads paths as written, third-party ones aside", () => {
    expect(namedPaths("see src/runs/run-file.ts, src/io/ and src/tinker/types/ (Tinker's SDK).")).toEqual(["src/runs/run-file.ts", "src/io/"]);
  });
});
