import { colorEnabled } from "../../eval/progress.js";
import { runPlay } from "../../play/run-play.js";
import { EXIT_BAD_INPUT, EXIT_OK } from "../output.js";
import type { PlayFlags } from "./play.js";

/** `ubc play`: exit 0 after the session (or the probe), 1 for input it cannot load or a script command that failed, 2 for usage errors. */
export async function playAction(paths: string[], flags: PlayFlags): Promise<void> {
  const outcome = await runPlay(paths, { ...flags, color: { stdout: colorEnabled(process.stdout), stderr: colorEnabled(process.stderr) } });
  process.exitCode = outcome === "ok" ? EXIT_OK : EXIT_BAD_INPUT;
}
