import type { Command } from "commander";
import { TURN_CREDITS, type TurnCredit } from "../../rl/credit.js";
import { TRAJECTORY_SCORES, type TrajectoryScore } from "../../rl/score.js";
import { DEFAULT_CREDIT, DEFAULT_PPO, DEFAULT_TRAIN } from "../../rl/defaults.js";
import { CURVE_FILE, METRICS_FILE, POLICY_FILE } from "../../runs/train-files.js";
import { DEFAULT_TINKER_TRAIN } from "../../rl/tinker/defaults.js";
import { LOSS_FNS, type LossFn } from "../../rl/tinker/loss-fns.js";
import { numberIn, oneOf, wholeNumber } from "../flags.js";

/** `ubc train`: trains the softmax policy on scenarios with the built-in simulator (docs/training.md). */


export interface TrainFlags {
  policy: string;
  group: number;
  iterations: number;
  turnCredit: TurnCredit;
  trajectoryScore: TrajectoryScore;
  gamma: number;
  lr: number;
  epochs: number;
  kl: number;
  seed: number;
  concurrency: number;
  out?: string;
  compare?: boolean;
  trainer: "local" | "tinker";
  trainerUrl?: string;
  baseModel?: string;
  loraRank: number;
  loss: LossFn;
  checkpointEvery: number;
}

const TRAINERS = ["local", "tinker"] as const;

export function registerTrain(program: Command): void {
  program
    .command("train")
    .description("train the softmax policy on scenarios with the built-in user simulator (group-relative advantages, clipped policy gradient)")
    .argument("<scenarios...>", ".ubench files, folders or compiled bundles")
    .option("--policy <kind>", "the learnable policy (only 'softmax': linear-softmax over structured acts)", "softmax")
    .option("--group <n>", "trajectories per scenario per iteration", wholeNumber(1), DEFAULT_TRAIN.group)
    .option("--iterations <n>", "training iterations", wholeNumber(1), DEFAULT_TRAIN.iterations)
    .option("--turn-credit <mode>", `${TURN_CREDITS.join(" | ")}`, oneOf(TURN_CREDITS), DEFAULT_CREDIT.turnCredit)
    .option("--trajectory-score <mode>", `${TRAJECTORY_SCORES.join(" | ")} ('mean' is UserRL's "Sum")`, oneOf(TRAJECTORY_SCORES), DEFAULT_CREDIT.trajectoryScore)
    .option("--gamma <γ>", "discount γ in [0, 1] for r2g credit and score", numberIn(0, 1), DEFAULT_CREDIT.gamma)
    .option("--lr <rate>", "Adam step size", numberIn(0, 100, { openLow: true }), DEFAULT_TRAIN.lr)
    .option("--epochs <n>", "optimisation steps per iteration on the same rollouts", wholeNumber(1), DEFAULT_TRAIN.epochs)
    .option("--kl <β>", "KL penalty to the initial policy (0: none)", numberIn(0, 1000), DEFAULT_PPO.klCoef)
    .option("--seed <n>", "run seed: the same seed gives the same curve", wholeNumber(0), DEFAULT_TRAIN.seed)
    .option("--concurrency <c>", "episodes run at once during rollouts (the results do not depend on it)", wholeNumber(1), DEFAULT_TRAIN.concurrency)
    .option("--out <dir>", "output folder (default runs/train-<policy>-seed<seed>)")
    .option("--compare", "run the ablation grid (every turn credit × every trajectory score) with the same seeds and print the final mean scores (with --out DIR, also DIR/compare.json)")
    .option("--trainer <kind>", "local (the softmax policy, in process) | tinker (a Tinker-style training server)", oneOf(TRAINERS), "local")
    .option("--trainer-url <url>", "--trainer tinker: the server's base URL")
    .option("--base-model <name>", "--trainer tinker: the model to fine-tune (LoRA); prompts use the Qwen3 chat template and tokenizer")
    .option("--lora-rank <r>", "--trainer tinker: LoRA rank", wholeNumber(1), DEFAULT_TINKER_TRAIN.loraRank)
    .option("--loss <name>", `--trainer tinker: ${LOSS_FNS.join(" | ")}`, oneOf(LOSS_FNS), DEFAULT_TINKER_TRAIN.lossFn)
    .option("--checkpoint-every <k>", "--trainer tinker: save weights every k iterations (and after the last)", wholeNumber(1), DEFAULT_TINKER_TRAIN.checkpointEvery)
    .addHelpText("after", `\nWrites DIR/${METRICS_FILE} (one line per iteration), DIR/${POLICY_FILE} and DIR/${CURVE_FILE}.\nEvaluate the policy with: ubc eval <scenarios> --agent policy:DIR/${POLICY_FILE}\nSee docs/training.md.`)
    .action(async (paths: string[], flags: TrainFlags, command: Command) => {
      const { trainAction } = await import("./train-action.js");
      await trainAction(paths, flags, command);
    });
}
