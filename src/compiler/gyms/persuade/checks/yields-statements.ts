import type { CheckRule } from "../../../walk.js";
import { checkDetailStatements, type DetailStatementsSpec } from "../../../checks/detail-statements.js";

const reasonSpec: DetailStatementsSpec = {
  noun: "reason",
  place: "a yields block",
  allowed: ["about", "cues", "replies"],
  once: new Set(["about", "replies"]),
  required: {
    cues: 'give the words of an argument that touches this reason: cues "price", "afford"',
    replies: 'say how the persona concedes the point: replies "I suppose only the rich would get them."',
  },
};

/**
 * UB2003 / UB2004 / UB2005 inside `yields` blocks: a reason holds only `about`, `cues` and
 * `replies`; it needs `cues` and `replies`; `about` and `replies` are given once.
 */
export const yieldsStatementsCheck: CheckRule = {
  name: "yields-statements",
  create: ({ reporter }) => ({
    detailBlock(block, aspect) {
      if (aspect || block.keyword.name !== "yields") return; // other blocks are reported by statement-placement
      checkDetailStatements(block, reasonSpec, reporter);
    },
  }),
};
