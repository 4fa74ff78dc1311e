import { intentionStarter } from "./gyms/intention/starter.js";
import { persuadeStarter } from "./gyms/persuade/starter.js";
import { travelStarter } from "./gyms/travel/starter.js";

/** Starter files by gym, for `ubc new`. */
export const starters: Record<string, (id: string) => string> = {
  travel: travelStarter,
  persuade: persuadeStarter,
  intention: intentionStarter,
};
