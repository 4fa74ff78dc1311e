import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { AGENT_SPECS, SIMULATOR_SPECS, specChoices } from "../../src/runtime/specs.js";
import { repoRoot, ubc } from "../support/cli.js";

/** The agent and user specs are listed once (runtime/specs.ts); every help text and message shows that list. */
describe("one list of agent specs and one of user specs", () => {
  const flat = (text: string) => text.replace(/\s+/g, " ");

  test("eval's --help shows every agent spec and every user spec", () => {
    const help = flat(ubc(["eval", "--help"]).stdout);
    expect(help).toContain(specChoices(AGENT_SPECS));
    expect(help).toContain(`user simulator: ${specChoices(SIMULATOR_SPECS)}`);
  });

  test.each([["play"], ["serve"]])("%s's --help shows every user spec", (command) => {
    expect(flat(ubc([command, "--help"]).stdout)).toContain(specChoices(SIMULATOR_SPECS));
  });

  test("an unknown agent, a missing agent and an unknown user name the same lists", () => {
    const scenario = "scenarios/travel/austin_family.ubench";
    expect(ubc(["eval", scenario, "--agent", "bogus"]).stderr).toContain(`expected one of: ${AGENT_SPECS.join(", ")}`);
    // The missing-agent message used to leave policy:<policy.json> out.
    expect(ubc(["eval", scenario]).stderr).toContain(`pass --agent ${AGENT_SPECS.join("|")}`);
    expect(ubc(["eval", scenario, "--agent", "scripted:oracle", "--user", "bogus"]).stderr).toContain(`expected one of: ${SIMULATOR_SPECS.join(", ")}`);
  });

  test("the README's list of agents and users names every spec", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const bullet = flat(readme.slice(readme.indexOf("- Agents: "), readme.indexOf("Keys come from", readme.indexOf("- Agents: "))));
    const [agents, users] = bullet.split("Users:");
    for (const spec of AGENT_SPECS) expect(agents, spec).toContain(`\`${spec}\``);
    for (const spec of SIMULATOR_SPECS) expect(users, spec).toContain(`\`${spec}\``);
  });
});
