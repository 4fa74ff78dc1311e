import { describe, expect, test } from "vitest";
import { actionOf, CreateSessionBody, describeIssues, mcpStepOf, parseWsMessage, ResetData, serveJsonSchemas, StepBody } from "../../src/serve/messages.js";

describe("serve message validation", () => {
  test("reset, step, state and close parse", () => {
    expect(parseWsMessage('{"type":"reset","data":{"seed":3,"scenario_id":"austin_family"}}')).toEqual({ ok: true, value: { type: "reset", data: { seed: 3, scenario_id: "austin_family" } } });
    expect(parseWsMessage('{"type":"reset"}')).toEqual({ ok: true, value: { type: "reset", data: {} } });
    const step = parseWsMessage('{"type":"step","data":{"choice":"search","content":"hotel"}}');
    expect(step.ok && step.value.type === "step" && actionOf(step.value.data)).toEqual({ choice: "search", content: "hotel" });
    const text = parseWsMessage('{"type":"step","data":{"action":"[finish]"}}');
    expect(text.ok && text.value.type === "step" && actionOf(text.value.data)).toBe("[finish]");
    expect(parseWsMessage('{"type":"state"}').ok).toBe(true);
    expect(parseWsMessage('{"type":"close"}').ok).toBe(true);
  });

  test("bad JSON, unknown types and malformed messages get their own codes", () => {
    expect(parseWsMessage("{nope")).toMatchObject({ ok: false, code: "INVALID_JSON" });
    expect(parseWsMessage('{"type":"dance"}')).toMatchObject({ ok: false, code: "UNKNOWN_TYPE" });
    expect(parseWsMessage("[1]")).toMatchObject({ ok: false, code: "VALIDATION_ERROR" });
    expect(parseWsMessage('{"data":{}}')).toMatchObject({ ok: false, code: "VALIDATION_ERROR", message: expect.stringContaining("type") });
    const badSeed = parseWsMessage('{"type":"reset","data":{"seed":-1}}');
    expect(badSeed).toMatchObject({ ok: false, code: "VALIDATION_ERROR", message: expect.stringContaining("data.seed") });
    expect(parseWsMessage('{"type":"step","data":{"content":"x"}}')).toMatchObject({ ok: false, code: "VALIDATION_ERROR" });
  });

  test("HTTP bodies name the offending field", () => {
    const create = CreateSessionBody.safeParse({ seed: 1.5 });
    expect(create.success).toBe(false);
    if (!create.success) expect(describeIssues(create.error)).toMatch(/^seed: /);
    const step = StepBody.safeParse({ action: { choice: 3 } });
    expect(step.success).toBe(false);
    if (!step.success) expect(describeIssues(step.error)).toContain("action");
    expect(StepBody.parse({ action: "[search] hotel" })).toEqual({ action: "[search] hotel" });
    expect(StepBody.parse({ action: { choice: "finish" } })).toEqual({ action: { choice: "finish", content: "" } });
  });

  test("JSON Schemas come from the zod schemas", () => {
    const schemas = serveJsonSchemas() as Record<string, Record<string, unknown>>;
    expect(Object.keys(schemas).sort()).toEqual(["action", "observation", "state"]);
    expect(schemas.observation!.required).toEqual(expect.arrayContaining(["feedback", "turn", "max_turns", "choices", "scenario_id"]));
    expect(JSON.stringify(schemas.action)).toContain("choice");
    expect(schemas.state!.required).toEqual(expect.arrayContaining(["episode_id", "step_count"]));
  });

  test("OpenEnv's limits: any non-negative whole seed, episode ids up to 255 characters", () => {
    for (const seed of [0, 2 ** 32, 2 ** 53 + 2, 2 ** 64, 1e21]) expect([seed, ResetData.safeParse({ seed }).success]).toEqual([seed, true]);
    for (const seed of [-1, 0.5, Infinity, Number.NaN]) expect([seed, ResetData.safeParse({ seed }).success]).toEqual([seed, false]);
    expect(ResetData.safeParse({ episode_id: "e".repeat(255) }).success).toBe(true);
    expect(ResetData.safeParse({ episode_id: "e".repeat(256) }).success).toBe(false);
  });

  test("the mcp message and OpenEnv's list_tools / call_tool step actions parse", () => {
    expect(parseWsMessage('{"type":"mcp","data":{"jsonrpc":"2.0","id":1,"method":"tools/list"}}')).toMatchObject({ ok: true, value: { type: "mcp" } });
    expect(parseWsMessage('{"type":"mcp"}')).toMatchObject({ ok: false, code: "VALIDATION_ERROR" });
    const list = parseWsMessage('{"type":"step","data":{"type":"list_tools"}}');
    expect(list.ok && list.value.type === "step" && mcpStepOf(list.value.data)).toEqual({ type: "list_tools" });
    const call = parseWsMessage('{"type":"step","data":{"type":"call_tool","tool_name":"interact_with_env","arguments":{"choice":"finish"}}}');
    expect(call.ok && call.value.type === "step" && mcpStepOf(call.value.data)).toEqual({ type: "call_tool", tool_name: "interact_with_env", arguments: { choice: "finish" } });
    const plain = parseWsMessage('{"type":"step","data":{"choice":"search","content":"hotel"}}');
    expect(plain.ok && plain.value.type === "step" && mcpStepOf(plain.value.data)).toBeUndefined();
  });
});
