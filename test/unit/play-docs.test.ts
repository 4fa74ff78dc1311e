import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, test } from "vitest";
import { registerPlay } from "../../src/cli/commands/play.js";
import { HELP } from "../../src/play/console.js";

/** docs/play.md against the code: every flag of `ubc play` and every `:` command of a session is documented, and no other. */

const doc = readFileSync(join(import.meta.dirname, "../../docs/play.md"), "utf8");

describe("docs/play.md", () => {
  test("documents every flag of ubc play", () => {
    const program = new Command();
    registerPlay(program);
    const flags = program.commands[0]!.options.map((o) => o.long!);
    expect(flags.length).toBeGreaterThan(4);
    for (const flag of flags) expect(doc, flag).toContain(flag);
  });

  test("its table of commands is exactly the commands :help lists", () => {
    const helped = [...HELP.matchAll(/^ {2}(:[a-z]+)/gm)].map((m) => m[1]!).sort();
    const documented = [...doc.matchAll(/^\| `(:[a-z]+)[^`]*` \|/gm)].map((m) => m[1]!).sort();
    expect(helped.length).toBeGreaterThan(4);
    expect(documented).toEqual(helped);
  });
});
