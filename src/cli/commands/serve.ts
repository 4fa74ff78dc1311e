import { InvalidArgumentError, type Command } from "commander";
import { BundleError } from "../../runtime/bundle.js";
import { loadScenarios, ScenarioInputError } from "../../eval/scenarios.js";
import { startServer } from "../../serve/server.js";
import { EXIT_BAD_INPUT, EXIT_USAGE } from "../output.js";

function wholeNumber(min: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
    return value;
  };
}

interface ServeFlags {
  host: string;
  port: number;
  user: string;
  maxSessions: number;
  sessionTtl: number;
  token?: string;
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve scenarios as OpenEnv environments (WebSocket /ws, HTTP /reset /step /state) and plain HTTP sessions")
    .argument("<paths...>", ".ubench files or folders, or compiled bundles / build folders")
    .option("--host <host>", "interface to listen on (loopback by default)", "127.0.0.1")
    .option("--port <port>", "port (0 picks a free one)", wholeNumber(0), 8765)
    .option("--user <spec>", "user simulator: builtin | openai:<model>", "builtin")
    .option("--max-sessions <n>", "sessions held at once", wholeNumber(1), 256)
    .option("--session-ttl <seconds>", "idle seconds before a session is released (0 = never)", wholeNumber(0), 600)
    .option("--token <token>", "require Authorization: Bearer <token> (else UBENCH_SERVE_TOKEN)")
    .action(async (paths: string[], flags: ServeFlags) => {
      let scenarios;
      try {
        scenarios = loadScenarios(paths).scenarios;
      } catch (error) {
        if (error instanceof ScenarioInputError || error instanceof BundleError) {
          process.stderr.write(`${error.message}\n`);
          process.exitCode = EXIT_BAD_INPUT;
          return;
        }
        throw error;
      }
      const token = flags.token ?? process.env.UBENCH_SERVE_TOKEN;
      let server;
      try {
        server = await startServer({ scenarios, host: flags.host, port: flags.port, user: flags.user, maxSessions: flags.maxSessions, sessionTtl: flags.sessionTtl, ...(token && { token }) });
      } catch (error) {
        process.stderr.write(`ubc serve: cannot listen on ${flags.host}:${flags.port}: ${(error as Error).message}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      process.stdout.write(`ubc serve: listening on ${server.url} (${scenarios.length} scenarios)\n`);
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
