/**
 * The seven-step ladder of UserRL's PersuadeGym, used when a scenario declares none. Import-free,
 * so the compiler uses it without loading the zod schemas of ./ir.ts (which re-exports it).
 */
export const DEFAULT_LADDER = ["strongly agree", "agree", "partly agree", "neutral", "partly disagree", "disagree", "strongly disagree"] as const;
