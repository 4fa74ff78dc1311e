/** The `ubc advantages` examples of docs/rl.md, as the unit and e2e tests replay them. */

export interface AdvantagesExamples {
  /** The `<!-- input: group.json -->` block. */
  input: string;
  /** Every `$ ubc advantages … < group.json` command: its flags, and the output block after it. */
  commands: { args: string[]; output: string }[];
}

/** The input block and every `$ ubc advantages … < group.json` command with its output block, in a Markdown text. */
export function advantagesExamples(markdown: string): AdvantagesExamples {
  const input = /<!-- input: group\.json -->\s*```json\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (input === undefined) throw new Error("docs/rl.md: no '<!-- input: group.json -->' block");
  const commands = [...markdown.matchAll(/```sh\n\$ ubc advantages(.*?) < group\.json\n```\s*<!-- output -->\s*```json\n([\s\S]*?)```/g)].map((m) => ({
    args: m[1]!.trim() === "" ? [] : m[1]!.trim().split(/\s+/),
    output: m[2]!,
  }));
  return { input, commands };
}
