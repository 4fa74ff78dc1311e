import { loadScenarios } from "../../runs/scenarios.js";
import { readConfigFile, type PartialSettings } from "../../eval/settings.js";
import { chooseToken, exposureWarning } from "../../serve/auth.js";
import { serveMcpStdio } from "../../serve/mcp-stdio.js";
import { startServer } from "../../serve/server.js";
import { UsageError, UserError } from "../../user-error.js";
import { EXIT_USAGE } from "../output.js";
import { userSimulatorFrom, type ServeFlags } from "./serve.js";

/** Keys of an eval run config that only eval uses. */
const IGNORED_CONFIG_KEYS = ["agent", "agentOptions", "trials", "concurrency", "seed", "out", "resume", "set", "turns", "choice"] as const;

/**
 * `ubc serve`: serves until SIGINT or SIGTERM (exit 0); 1 for scenarios it cannot load, 2 for usage
 * errors or when it cannot listen. User errors (a bad --config: SettingsError; scenarios it cannot
 * load: ScenarioInputError, BundleError) are printed by main.ts.
 */
export async function serveAction(paths: string[], flags: ServeFlags): Promise<void> {
  const config: PartialSettings = flags.config !== undefined ? readConfigFile(flags.config) : {};
  const ignored = IGNORED_CONFIG_KEYS.filter((key) => config[key] !== undefined);
  if (ignored.length > 0) process.stderr.write(`ubc serve: ${flags.config}: ignoring ${ignored.join(", ")} (eval settings; ubc serve serves the scenarios with their own rewards and knobs)\n`);
  const sources = paths.length > 0 ? paths : (config.paths ?? []);
  if (sources.length === 0) {
    process.stderr.write("ubc serve: no scenarios given: pass .ubench files, folders or compiled bundles (or 'scenarios:' in --config)\n");
    process.exitCode = EXIT_USAGE;
    return;
  }
  const { scenarios } = loadScenarios(sources);
  const { user, userOptions } = userSimulatorFrom(flags, config);
  const memory = { perSession: flags.maxSessionKb * 1024, total: flags.maxTotalMb * 1024 * 1024 };
  const steps = { stepTimeout: flags.stepTimeout, onStepError: flags.onStepError, seed: flags.seed };
  if (flags.mcpStdio) return mcpStdioAction({ scenarios, user, userOptions, memory, ...steps });
  const chosen = chooseToken(flags.token, process.env);
  if (!chosen.ok) {
    process.stderr.write(`ubc serve: ${chosen.message}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  const { token } = chosen;
  const warning = exposureWarning(flags.host, token);
  if (warning) process.stderr.write(`${warning}\n`);
  let server;
  try {
    server = await startServer({ scenarios, host: flags.host, port: flags.port, user, userOptions, maxSessions: flags.maxSessions, sessionTtl: flags.sessionTtl, memory, ...steps, ...(token !== undefined && { token }) });
  } catch (error) {
    // The user simulator is built before listening: a bad spec or option is a user error of its own; the rest is the socket's.
    if (error instanceof UserError) throw error;
    throw new UsageError(`cannot listen on ${flags.host}:${flags.port}: ${(error as Error).message}`);
  }
  // The signal handlers go in before the start-up line: a supervisor that stops the server as soon as it reads the line must not kill it mid-start.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      process.stderr.write("ubc serve: shutting down\n");
      void server.close().then(resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.stdout.write(`ubc serve: listening on ${server.url} (${scenarios.length} scenarios, user ${server.user})\n`);
  await stopped;
}

/** `ubc serve --mcp-stdio`: MCP over stdin/stdout until the client closes stdin (or SIGINT/SIGTERM). */
async function mcpStdioAction(options: Parameters<typeof serveMcpStdio>[0]): Promise<void> {
  let running;
  try {
    running = await serveMcpStdio(options);
  } catch (error) {
    // Whatever stops it starting (a bad user simulator spec, the stdio streams) is a usage error, as it always was.
    if (error instanceof UserError) throw error;
    throw new UsageError((error as Error).message);
  }
  process.stderr.write(`ubc serve: MCP on stdio (${options.scenarios.length} scenarios)\n`);
  const stop = () => void running.close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await running.closed;
}
