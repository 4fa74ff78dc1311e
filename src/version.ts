import { readFileSync } from "node:fs";
import { packageFile } from "./package-files.js";

/** The package version, read once from package.json. */
export const toolVersion: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(packageFile("package.json"), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
})();
