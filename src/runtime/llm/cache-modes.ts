/**
 * The LLM request cache's modes (src/runtime/llm/cache.ts). Apart from cache.ts so that the
 * `--cache` flag of `ubc eval` and `ubc serve` can check its value while `--help` loads nothing
 * but commander: keep this file free of imports.
 */
export type CacheMode = "off" | "read-write" | "replay";
export const CACHE_MODES = ["off", "read-write", "replay"] as const satisfies readonly CacheMode[];
