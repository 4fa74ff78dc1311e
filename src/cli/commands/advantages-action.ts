import type { CreditSettings } from "../../rl/advantages.js";
import { AdvantagesInputError, runAdvantages } from "../../rl/advantages-io.js";
import { EXIT_OK, EXIT_USAGE } from "../output.js";
import type { AdvantagesFlags } from "./advantages.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AdvantagesInputError("input is not valid UTF-8 text");
  }
}

/** `ubc advantages`: exit 0 with the JSON written, 1 for input it cannot use, 2 when stdin is a terminal. */
export async function advantagesAction(flags: AdvantagesFlags): Promise<void> {
  if (process.stdin.isTTY) {
    process.stderr.write("ubc advantages: reads JSON on stdin; pipe it in, e.g. ubc advantages < groups.json (see ubc advantages --help)\n");
    process.exitCode = EXIT_USAGE;
    return;
  }
  const overrides: Partial<CreditSettings> = {
    ...(flags.gamma !== undefined && { gamma: flags.gamma }),
    ...(flags.turnCredit !== undefined && { turnCredit: flags.turnCredit }),
    ...(flags.trajectoryScore !== undefined && { trajectoryScore: flags.trajectoryScore }),
  };
  // An AdvantagesInputError (exit 1, each problem on its own line) is printed by main.ts.
  process.stdout.write(runAdvantages(await readStdin(), overrides));
  process.exitCode = EXIT_OK;
}
