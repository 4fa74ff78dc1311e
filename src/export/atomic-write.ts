import { renameSync, rmSync, writeFileSync } from "node:fs";

/**
 * Writes a file through a temporary sibling and a rename, so a crash or a full disk never leaves
 * half a Parquet file or manifest behind for a trainer to read: the old file or the new one, whole.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
