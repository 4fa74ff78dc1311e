import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { Readable, Writable } from "node:stream";
import type { Scenario } from "../compiler/ir.js";
import { redactor } from "../runtime/llm/endpoint.js";
import { MemoryBudget, type BudgetLimits } from "./memory-budget.js";
import { MAX_BODY_BYTES } from "./messages.js";
import { createMcpServer } from "./mcp-tools.js";
import { envFactory, llmClientOf, SeedSequence, Session } from "./sessions.js";
import type { StepErrorPolicy } from "./step-errors.js";

/**
 * `ubc serve --mcp-stdio`: the scenarios as MCP tools over stdin/stdout (the SDK's stdio
 * transport), for an MCP client that starts the server itself, as agent frameworks launch MCP
 * servers. One client, one session: `start_episode` starts an episode, `interact_with_env` plays
 * it. stdout carries the protocol only; anything else goes to stderr.
 */

export interface McpStdioOptions {
  scenarios: readonly Scenario[];
  user?: string;
  userOptions?: Record<string, unknown>;
  memory?: BudgetLimits;
  /** Seconds a step may take (0 or absent: no limit) and what a failed step answers, as the server's. */
  stepTimeout?: number;
  onStepError?: StepErrorPolicy;
  /** Seeds resets that name none, as the server's --seed. */
  seed?: number;
  stdin?: Readable;
  stdout?: Writable;
}

export interface RunningMcpStdio {
  /** Resolves when the client closes stdin or close() is called. */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** Starts serving; a bad --user spec or option throws before anything is read. */
export async function serveMcpStdio(options: McpStdioOptions): Promise<RunningMcpStdio> {
  const createEnv = envFactory(options.user ?? "builtin", options.userOptions ?? {}, options.scenarios);
  const session = new Session("stdio", { scenarios: options.scenarios, createEnv, memory: new MemoryBudget(options.memory), stepTimeoutMs: (options.stepTimeout ?? 0) * 1000, onStepError: options.onStepError ?? "error", seeds: new SeedSequence(options.seed ?? 0) }, Date.now());
  const server = createMcpServer({ scenarios: options.scenarios, binding: { kind: "bound", session } });
  const stdin = options.stdin ?? process.stdin;
  // A message longer than the HTTP body limit is refused (the transport closes) rather than buffered without end.
  const transport = new StdioServerTransport(stdin, options.stdout ?? process.stdout, { maxBufferSize: MAX_BODY_BYTES });
  // The LLM endpoints' API keys never go out, whatever echoes them into a reply (as the HTTP server's replies).
  const clients = createEnv.simulators().map(llmClientOf);
  const redact = redactor(clients.map((c) => c?.endpoint.apiKey ?? ""));
  const sendRaw = transport.send.bind(transport);
  transport.send = (message: JSONRPCMessage) => sendRaw(JSON.parse(redact(JSON.stringify(message))) as JSONRPCMessage);
  let finish: () => void = () => {};
  const closed = new Promise<void>((resolve) => (finish = resolve));
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await session.settled();
      await server.close();
      for (const client of clients) client?.close();
      finish();
    })();
    return closing;
  };
  transport.onclose = () => void close();
  stdin.once("end", () => void close());
  await server.connect(transport);
  return { closed, close };
}
