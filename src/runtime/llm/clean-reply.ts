/** Drops a reasoning block, a speaker label ("Traveller:", "User:") and quotes around the whole reply. */
export function cleanReply(text: string): string {
  let out = text.replace(/<think>[\s\S]*?<\/think>/g, "").trim();
  out = out.replace(/^\**\s*(traveller|traveler|user)\s*\**\s*:\s*\**\s*/i, "").trim();
  if (out.length >= 2 && /^["“]/.test(out) && /["”]$/.test(out) && !out.slice(1, -1).includes('"')) out = out.slice(1, -1).trim();
  return out;
}
