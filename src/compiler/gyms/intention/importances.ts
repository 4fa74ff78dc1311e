/**
 * How much a detail matters, most first. Import-free, so the compiler's checks and derivations
 * use it without loading the zod schemas of ./ir.ts (which re-exports it).
 */
export const IMPORTANCES = ["high", "medium", "low"] as const;
