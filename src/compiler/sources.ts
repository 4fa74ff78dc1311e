import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from "node:fs";
import { join, relative, sep } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { LineIndex } from "../diagnostics/span.js";

export interface SourceFile {
  /** The path as reported in diagnostics and the IR: relative to the working directory, '/' separated. */
  path: string;
  text: string;
}

/** A scenario file larger than this is not hand-written; refusing it keeps memory bounded. */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

const origin = new LineIndex("").span(0, 0);

export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  const shown = rel === "" || rel.startsWith("..") ? path : rel;
  return shown.split(sep).join("/");
}

/** Expands files and folders (recursively, `.ubench` files, sorted) and reads them. */
export function loadSources(paths: readonly string[], extension = ".ubench"): { sources: SourceFile[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const files: string[] = [];
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      diagnostics.push(diagnostic("UB0001", `no such file or folder: ${path}`, { file: displayPath(path), span: origin, hint: "check the path; folders are searched for .ubench files" }));
      continue;
    }
    if (stats.isDirectory()) {
      const found = walk(path, extension, new Set());
      if (found.length === 0) {
        diagnostics.push(diagnostic("UB0002", `no ${extension} files in folder ${path}`, { file: displayPath(path), span: origin, hint: `scenario files end in ${extension}` }));
      }
      files.push(...found);
    } else files.push(path);
  }
  const sources: SourceFile[] = [];
  for (const file of sameFileOnce(files.map((f) => displayPath(f)))) {
    const read = readSource(file);
    if ("problem" in read) diagnostics.push(diagnostic("UB0003", read.problem, { file, span: origin }));
    else sources.push({ path: file, text: read.text });
  }
  return { sources, diagnostics };
}

/**
 * Each file once, by its real path: two links to one file (or a link beside its target) would
 * otherwise compile it twice and report its scenarios as declared twice (UB2002). The first name
 * in sorted order is kept; a broken link is kept, so reading it reports it.
 */
function sameFileOnce(paths: readonly string[]): string[] {
  const seen = new Set<string>();
  return paths.filter((path) => {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      real = path;
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

/**
 * The scenario files under a folder. Symbolic links are followed, to files and to folders; a
 * folder already walked (by its real path) is not walked again, so a link back up the tree ends
 * the walk instead of looping. A link that leads nowhere is still listed, so reading it reports it.
 */
function walk(folder: string, extension: string, walked: Set<string>): string[] {
  const real = realpathSync(folder);
  if (walked.has(real)) return [];
  walked.add(real);
  const out: string[] = [];
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = join(folder, entry.name);
    const kind = entryKind(entry, full);
    if (kind === "folder") out.push(...walk(full, extension, walked));
    else if (entry.name.endsWith(extension)) out.push(full); // readSource refuses what is not a regular file
  }
  return out;
}

/** What an entry is, looking through a symbolic link (a broken link counts as a file). */
function entryKind(entry: Dirent, full: string): "file" | "folder" | "other" {
  if (!entry.isSymbolicLink()) return entry.isDirectory() ? "folder" : entry.isFile() ? "file" : "other";
  try {
    const target = statSync(full);
    return target.isDirectory() ? "folder" : target.isFile() ? "file" : "other";
  } catch {
    return "file";
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Reads one file as text, refusing what cannot be a scenario: too large, binary, or not UTF-8. */
export function readSource(path: string): { text: string } | { problem: string } {
  let bytes: Buffer;
  try {
    const stats = statSync(path);
    // A FIFO or a device would block the read (or never end); scenario files are regular files.
    if (!stats.isFile()) return { problem: "not a regular file (a pipe, socket or device); scenario files are regular files" };
    const size = stats.size;
    if (size > MAX_SOURCE_BYTES) return { problem: `file has ${size.toLocaleString("en-US")} bytes; scenario files are limited to ${MAX_SOURCE_BYTES / 1048576} MB` };
    bytes = readFileSync(path);
  } catch (error) {
    return { problem: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  if (bytes.includes(0)) return { problem: "file is binary (it contains NUL bytes), not a scenario file" };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { problem: "file is not valid UTF-8" };
  }
}
