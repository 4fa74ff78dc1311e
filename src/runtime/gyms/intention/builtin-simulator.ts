import { judgeQuestion } from "../../../compiler/gyms/intention/judge.js";
import { pick } from "../../rng.js";
import type { Judgement } from "../../types.js";
import { replies } from "./replies.js";
import type { IntentionSimulator, QuestionInput, ReplyInput } from "./simulator.js";

/**
 * The embedded default user and judge (spec "builtin"): the compiler's judge (judge.ts) decides
 * coverage from cue phrases and key words; the user answers each newly covered detail with the
 * answer it has in mind this episode, redirects an off-task question politely, and meets an
 * on-task question that covers nothing with a non-committal line that never lists what is missing.
 */
export class BuiltinIntentionSimulator implements IntentionSimulator {
  readonly spec = "builtin";

  async judgeQuestion(input: QuestionInput): Promise<Judgement> {
    const verdict = judgeQuestion(input.scenario, input.question, input.remaining);
    return { kind: "coverage", source: "builtin", value: { onTask: verdict.onTask, covered: verdict.covered } };
  }

  async reply(input: ReplyInput): Promise<string> {
    if (input.covered.length > 0) {
      return input.covered
        .map((d) => {
          const answer = input.intent.get(d.id);
          return answer ? replies.answer(d.about, answer) : replies.undecided(d.about);
        })
        .join(" ");
    }
    return input.onTask ? pick(input.rng, replies.noncommittal) : replies.offTask;
  }
}
