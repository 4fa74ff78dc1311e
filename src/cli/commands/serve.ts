import type { Command } from "commander";
import type { PartialSettings } from "../../eval/settings.js";
import { DEFAULTS } from "../../eval/defaults.js";
import { STEP_ERROR_POLICIES, type StepErrorPolicy } from "../../serve/step-errors.js";
import { CACHE_MODES, type CacheMode } from "../../runtime/llm/cache-modes.js";
import { SIMULATOR_SPECS, specChoices } from "../../runtime/specs.js";
import { oneOf, wholeNumber } from "../flags.js";

/**
 * The user simulator as `ubc eval` takes it: --user, then the config's user, then builtin; the
 * config's user_options with --user-base-url and --cache on top (the same option keys eval passes
 * to the gyms' simulators, validated there). The API key is read from the environment by the
 * simulator's client (UBENCH_USER_API_KEY, else OPENAI_API_KEY), never from a flag. It is light
 * and test/unit/serve-user.test.ts imports it from here, so it lives here, not in serve-action.ts.
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
  cache?: CacheMode;
  config?: string;
  maxSessions: number;
  sessionTtl: number;
  token?: string;
  maxSessionKb: number;
  maxTotalMb: number;
  mcpStdio?: boolean;
  stepTimeout: number;
  onStepError: StepErrorPolicy;
  seed: number;
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve scenarios as OpenEnv environments (WebSocket /ws, HTTP /reset /step /state) and plain HTTP sessions")
    .argument("[paths...]", ".ubench files or folders, or compiled bundles / build folders (else 'scenarios:' in --config)")
    .option("--host <host>", "interface to listen on (loopback by default)", "127.0.0.1")
    .option("--port <port>", "port (0 picks a free one)", wholeNumber(0, 65535), 8765)
    .option("--user <spec>", `user simulator, as in ubc eval: ${specChoices(SIMULATOR_SPECS)} (default ${DEFAULTS.user})`)
    .option("--user-base-url <url>", "OpenAI-compatible endpoint of an openai:<model> user (else UBENCH_USER_BASE_URL, else OPENAI_BASE_URL); the key comes from UBENCH_USER_API_KEY, else OPENAI_API_KEY")
    .option("--cache <mode>", `the LLM user's request cache: ${CACHE_MODES.join(" | ")} (default off)`, oneOf(CACHE_MODES))
    .option("--config <file>", "an eval run config (YAML): its scenarios, user and user_options (temperature, timeout, ...) and cache; flags win")
    .option("--max-sessions <n>", "sessions held at once", wholeNumber(1), 256)
    .option("--session-ttl <seconds>", "idle seconds before a session is released (0 = never)", wholeNumber(0), 600)
    .option("--token <token>", "require the token: Authorization: Bearer <token>, or ?token=<token> in the URL (else UBENCH_SERVE_TOKEN)")
    .option("--max-session-kb <kb>", "episode text (the actions) one session may hold, in KiB", wholeNumber(1), 1024)
    .option("--max-total-mb <mb>", "episode text all sessions together may hold, in MiB", wholeNumber(1), 256)
    .option("--step-timeout <seconds>", "seconds a step may take before its episode is abandoned (0 = no limit)", wholeNumber(0), 0)
    .option("--on-step-error <policy>", "what a failed or timed-out step answers: error (EXECUTION_ERROR) | end (a last step with reward 0, as UserRL)", oneOf(STEP_ERROR_POLICIES), "error")
    .option("--seed <s>", "seed of the episodes whose reset names none: each draws the next seed of this sequence (default 0)", wholeNumber(0), 0)
    .option("--mcp-stdio", "serve MCP over stdin/stdout instead of HTTP (tools list_scenarios, start_episode, interact_with_env)")
    .addHelpText("after", "\nExamples:\n  ubc serve scenarios/travel --port 0\n  ubc serve scenarios --mcp-stdio\n  UBENCH_USER_API_KEY=... ubc serve scenarios --user openai:gpt-4o-mini\n  ubc serve scenarios --user openai:Qwen/Qwen3-8B --user-base-url http://localhost:8000/v1\n")
    .action(async (paths: string[], flags: ServeFlags) => {
      const { serveAction } = await import("./serve-action.js");
      await serveAction(paths, flags);
    });
}
