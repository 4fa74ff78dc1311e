/**
 * The UserRL data sets `ubc import` knows: the command that imports each and the prefix of its
 * scenario ids. Apart from src/importers/userrl/index.ts, which loads the compiler to check what
 * it writes, so that `ubc import --help` can register one command per kind while loading nothing
 * but commander: keep this file free of imports.
 */
export const userRlKinds = {
  intention: { command: "userrl-intention", prefix: "intention_" },
  persuade: { command: "userrl-persuade", prefix: "persuade_" },
} as const;

export type UserRlKind = keyof typeof userRlKinds;
