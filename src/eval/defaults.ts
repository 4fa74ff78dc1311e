/**
 * The defaults of a `ubc eval` run (src/eval/settings.ts). Apart from settings.ts, which loads
 * zod, yaml and the runtimes, so that `ubc serve --help` can show the default user while loading
 * nothing but commander: keep this file free of imports.
 */
export const DEFAULTS = { user: "builtin", trials: 1, concurrency: 4, seed: 0, resume: false } as const;
