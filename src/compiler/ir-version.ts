/**
 * The IR's version, in a module of its own that imports nothing: the compiler stamps it on every
 * scenario without loading the zod schemas of ir-common.ts (which re-exports it), so `ubc check`
 * and `ubc compile` start without zod.
 */
export const IR_VERSION = 1;
