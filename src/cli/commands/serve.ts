import { InvalidArgumentError, type Command } from "commander";
import { BundleError } from "../../runtime/bundle.js";
import { loadScenarios, ScenarioInputError } from "../../eval/scenarios.js";
import { DEFAULTS, readConfigFile, type PartialSettings } from "../../eval/settings.js";
import { startServer } from "../../serve/server.js";
import { EXIT_BAD_INPUT, EXIT_USAGE } from "../output.js";

function wholeNumber(min: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
    return value;
  };
}

/** Keys of an eval run config that only eval uses. */
const IGNORED_CONFIG_KEYS = ["agent", "agentOptions", "trials", "concurrency", "seed", "out", "resume", "set", "turns", "choice"] as const;

/**
 * The user simulator as `ubc eval` takes it: --user, then the config's user, then builtin; the
 * config's user_options with --user-base-url and --cache on top (the same option keys eval passes
 * to the gyms' simulators, validated there). The API key is read from the environment by the
 * simulator's client (UBENCH_USER_API_KEY, else OPENAI_API_KEY), never from a flag.
 */
export function userSimulatorFrom(flags: Pick<ServeFlags, "user" | "userBaseUrl" | "cache">, config: PartialSettings): { user: string; userOptions: Record<string, unknown> } {
  const cache = flags.cache ?? config.cache;
  return {
    user: flags.user ?? config.user ?? DEFAULTS.user,
    userOptions: {
      ...(config.userOptions ?? {}),
      ...(flags.userBaseUrl !== undefined && { baseURL: flags.userBaseUrl }),
      ...(cache !== undefined && { cache }),
    },
  };
}

export interface ServeFlags {
  host: string;
  port: number;
  user?: string;
  userBaseUrl?: string;
  cache?: string;
  config?: string;
  maxSessions: number;
  sessionTtl: number;
  token?: string;
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve scenarios as OpenEnv environments (WebSocket /ws, HTTP /reset /step /state) and plain HTTP sessions")
    .argument("[paths...]", ".ubench files or folders, or compiled bundles / build folders (else 'scenarios:' in --config)")
    .option("--host <host>", "interface to listen on (loopback by default)", "127.0.0.1")
    .option("--port <port>", "port (0 picks a free one)", wholeNumber(0), 8765)
    .option("--user <spec>", "user simulator, as in ubc eval: builtin (default) | openai:<model>")
    .option("--user-base-url <url>", "OpenAI-compatible endpoint of an openai:<model> user (else UBENCH_USER_BASE_URL, else OPENAI_BASE_URL); the key comes from UBENCH_USER_API_KEY, else OPENAI_API_KEY")
    .option("--cache <mode>", "the LLM user's request cache: off | read-write | replay (default off)")
    .option("--config <file>", "an eval run config (YAML): its scenarios, user and user_options (temperature, timeout, ...) and cache; flags win")
    .option("--max-sessions <n>", "sessions held at once", wholeNumber(1), 256)
    .option("--session-ttl <seconds>", "idle seconds before a session is released (0 = never)", wholeNumber(0), 600)
    .option("--token <token>", "require Authorization: Bearer <token> (else UBENCH_SERVE_TOKEN)")
    .addHelpText("after", "\nExamples:\n  ubc serve scenarios/travel --port 0\n  UBENCH_USER_API_KEY=... ubc serve scenarios --user openai:gpt-4o-mini\n  ubc serve scenarios --user openai:Qwen/Qwen3-8B --user-base-url http://localhost:8000/v1\n")
    .action(async (paths: string[], flags: ServeFlags) => {
      let config: PartialSettings = {};
      try {
        if (flags.config !== undefined) config = readConfigFile(flags.config);
      } catch (error) {
        process.stderr.write(`ubc serve: ${(error as Error).message}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      const ignored = IGNORED_CONFIG_KEYS.filter((key) => config[key] !== undefined);
      if (ignored.length > 0) process.stderr.write(`ubc serve: ${flags.config}: ignoring ${ignored.join(", ")} (eval settings; ubc serve serves the scenarios with their own rewards and knobs)\n`);
      const sources = paths.length > 0 ? paths : (config.paths ?? []);
      if (sources.length === 0) {
        process.stderr.write("ubc serve: no scenarios given: pass .ubench files, folders or compiled bundles (or 'scenarios:' in --config)\n");
        process.exitCode = EXIT_USAGE;
        return;
      }
      let scenarios;
      try {
        scenarios = loadScenarios(sources).scenarios;
      } catch (error) {
        if (error instanceof ScenarioInputError || error instanceof BundleError) {
          process.stderr.write(`${error.message}\n`);
          process.exitCode = EXIT_BAD_INPUT;
          return;
        }
        throw error;
      }
      const token = flags.token ?? process.env.UBENCH_SERVE_TOKEN;
      const { user, userOptions } = userSimulatorFrom(flags, config);
      let server;
      try {
        server = await startServer({ scenarios, host: flags.host, port: flags.port, user, userOptions, maxSessions: flags.maxSessions, sessionTtl: flags.sessionTtl, ...(token && { token }) });
      } catch (error) {
        // The user simulator is built before listening: a bad spec or option is a usage error.
        const name = (error as Error).name;
        const what = name === "SimulatorSpecError" || name === "LlmConfigError" ? "" : `cannot listen on ${flags.host}:${flags.port}: `;
        process.stderr.write(`ubc serve: ${what}${(error as Error).message}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      process.stdout.write(`ubc serve: listening on ${server.url} (${scenarios.length} scenarios, user ${server.user})\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write("ubc serve: shutting down\n");
          void server.close().then(resolve);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
