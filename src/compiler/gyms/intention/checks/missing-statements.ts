import type { CheckRule } from "../../../walk.js";
import { checkDetailStatements, type DetailStatementsSpec } from "../../../checks/detail-statements.js";

const detailSpec: DetailStatementsSpec = {
  noun: "detail",
  place: "a missing block",
  allowed: ["importance", "about", "asks", "answers", "cues"],
  once: new Set(["importance", "about", "asks"]),
  required: {
    importance: "say how much it matters: importance high (or medium, low)",
    asks: 'give a question that asks for it: asks "How long will you stay?"',
  },
};

/**
 * UB2003 / UB2004 / UB2005 inside `missing` blocks: a detail holds only `importance`, `about`,
 * `asks`, `answers` and `cues`; it needs `importance` and `asks`; the first three are given once.
 */
export const missingStatementsCheck: CheckRule = {
  name: "missing-statements",
  create: ({ reporter }) => ({
    detailBlock(block, aspect) {
      if (aspect || block.keyword.name !== "missing") return; // other blocks are reported by statement-placement
      checkDetailStatements(block, detailSpec, reporter);
    },
  }),
};
