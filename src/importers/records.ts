import { readFileSync, statSync } from "node:fs";
import { InputError } from "../user-error.js";

/** A record the importer could not express as a scenario, and why. */
export interface SkippedRecord {
  /** Position in the input array, counted from 0 (as in `jq '.[17]'`). */
  index: number;
  /** The record's own id, when it has a usable one. */
  id: string | undefined;
  reason: string;
}

/** Thrown for a record that cannot become a scenario; the message says why. */
export class RecordProblem extends Error {}

/** Thrown when the input as a whole is unusable: unreadable, not JSON, not an array (exit 1). */
export class InputProblem extends InputError {
  override name = "InputProblem";
}

/** An input larger than this is refused rather than read into memory. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** Reads a JSON file holding an array of records. */
export function readRecordsFile(path: string): unknown[] {
  let bytes: Buffer;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new InputProblem(`${path} is a folder, not a JSON file`);
    if (stats.size > MAX_INPUT_BYTES) throw new InputProblem(`${path} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof InputProblem) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputProblem(code === "ENOENT" ? `no such file: ${path}` : `cannot read ${path}: ${(error as Error).message}`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputProblem(`${path} is not UTF-8 text`);
  }
  return parseRecords(text, path);
}

/** Parses JSON text that must hold an array of records. */
export function parseRecords(text: string, name = "input"): unknown[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new InputProblem(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw new InputProblem(`${name} holds ${describe(data)}, but a JSON array of records is expected`);
  return data;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

// ── field access with clear problems ─────────────────────────────────────────────────────────

export type Fields = Record<string, unknown>;

export function asObject(value: unknown, what: string): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new RecordProblem(`${what} is ${value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`}, not an object`);
  return value as Fields;
}

/** The record's id as text: a string or a number; anything else counts as no id. */
export function recordId(record: unknown): string | undefined {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return undefined;
  const id = (record as Fields).id;
  if (typeof id === "string" && id.trim() !== "") return id.trim();
  if (typeof id === "number" && Number.isFinite(id)) return String(id);
  return undefined;
}

/** A required text field: a string that is not blank. `owner` names the part of the record that holds it. */
export function requiredText(fields: Fields, key: string, owner?: string): string {
  const value = fields[key];
  const where = owner ? ` of ${owner}` : "";
  if (value === undefined || value === null) throw new RecordProblem(`${owner ? `${owner} has` : "has"} no '${key}'`);
  if (typeof value !== "string") throw new RecordProblem(`'${key}'${where} is ${Array.isArray(value) ? "a list" : `a ${typeof value}`}, not text`);
  if (value.trim() === "") throw new RecordProblem(`'${key}'${where} is empty`);
  return value;
}
