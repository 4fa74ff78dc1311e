import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/**
 * The package's root folder: the nearest one above this module that holds package.json. This
 * module runs at different depths below the root: as src/package-files.ts (tests),
 * dist/package-files.js (the library build) and inside a chunk of the bundled CLI in dist/ubc/,
 * so a fixed relative path would be right for only some of them. The walk ends at the file
 * system's root, at most one existsSync per folder above.
 */
function packageRoot(): string {
  if (root !== undefined) return root;
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return (root = dir);
    if (dirname(dir) === dir) return (root = dirname(here));
  }
}

/** The path of a file shipped with the package (package.json, schema/...), given from its root. */
export function packageFile(relativePath: string): string {
  return join(packageRoot(), relativePath);
}
