import { catalogueText } from "./catalogue.js";
import { safeJudgement, type HandlerResult } from "./handler.js";
import { replies } from "./replies.js";
import { scenarioIndex } from "./scenario-index.js";
import type { TravelSimulator } from "./simulator.js";
import type { TravelState } from "./state.js";

/**
 * `[search]`: every Nth search fails before it is judged (the counter counts every search, so the
 * failures are deterministic); otherwise the judge names the aspect whose ground-truth arguments
 * the request matches. The first match per aspect pays rewards.search and shows the catalogue.
 */
export async function handleSearch(state: TravelState, simulator: TravelSimulator, request: string): Promise<HandlerResult> {
  const { scenario } = state;
  state.searches++;
  const every = scenario.knobs.search_fail_every;
  if (every > 0 && state.searches % every === 0) {
    state.searchFailures++;
    return { reward: 0, feedback: replies.searchBackendFailure, judgements: [{ kind: "search", source: "rule", value: { backendFailure: true } }] };
  }
  const index = scenarioIndex(scenario);
  const judgement = await safeJudgement("search", () => simulator.judgeSearch({ scenario, request }), (value) =>
    value.aspect === null || (typeof value.aspect === "string" && index.aspectById.has(value.aspect)) ? undefined : `unknown aspect ${JSON.stringify(value.aspect)}`,
  );
  if (judgement.source === "fallback") {
    state.fallbacks++;
    state.searchFallbacks++;
    return { reward: 0, feedback: replies.searchFallback, judgements: [judgement] };
  }
  const aspectId = judgement.value.aspect as string | null;
  if (aspectId === null) return { reward: 0, feedback: replies.searchMismatch, judgements: [judgement] };
  state.validSearches++;
  const aspect = index.aspectById.get(aspectId)!;
  if (state.searched.has(aspectId)) return { reward: 0, feedback: replies.searchRepeat(aspect), judgements: [judgement] };
  state.searched.add(aspectId);
  return { reward: scenario.rewards.search, feedback: catalogueText(aspect), judgements: [judgement] };
}
