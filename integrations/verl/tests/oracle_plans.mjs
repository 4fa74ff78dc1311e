// The scripted oracle's actions for each scenario (its plan reaches the scenario's maxReturn with
// the built-in user), with maxReturn and max_turns. Usage: node oracle_plans.mjs <repo root> <paths...>
const [root, ...paths] = process.argv.slice(2);
const { loadScenarios } = await import(`${root}/dist/runs/scenarios.js`);
const { runtimeFor } = await import(`${root}/dist/runtime/gyms/registry.js`);
const plans = {};
for (const scenario of loadScenarios(paths).scenarios) {
  const next = runtimeFor(scenario).plans.oracle({ scenario, seed: 0, choices: [], systemPrompt: "", rng: null });
  const actions = [];
  for (let i = 0; i < 200; i++) {
    const action = next();
    actions.push({ choice: action.choice, content: action.content });
    if (action.choice === "finish") break;
  }
  plans[scenario.id] = { gym: scenario.gym, maxReturn: scenario.maxReturn, maxTurns: scenario.knobs.max_turns, actions };
}
process.stdout.write(JSON.stringify(plans));
