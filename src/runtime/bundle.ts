import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { IR_VERSION, Manifest, type Scenario } from "../compiler/ir.js";
import { packageFile } from "../package-files.js";
import { runtimeFor } from "./gyms/registry.js";
import { InputError } from "../user-error.js";

/**
 * Loading compiled bundles. A bundle is checked against the published JSON Schema (the same
 * contract any other consumer of the IR would use) and against its own hash, so a run never
 * records a hash for content it did not actually run.
 */

export class BundleError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "BundleError";
  }
}

const SHOWN_ERRORS = 5;
let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(packageFile("schema/ubench-ir.schema.json"), "utf8")) as Record<string, unknown>;
  // allowUnionTypes: zod emits `type: [..]` unions for JSON values; they are intended.
  const ajv = new Ajv2020.default({ allErrors: true, allowUnionTypes: true, strict: false });
  validator = ajv.compile(schema);
  return validator;
}

function describeErrors(errors: readonly ErrorObject[]): string {
  // oneOf/anyOf wrappers repeat what their branches already said; show the specific ones first.
  const specific = errors.filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf");
  const shown = (specific.length > 0 ? specific : errors).slice(0, SHOWN_ERRORS);
  const lines = shown.map((e) => {
    const where = e.instancePath === "" ? "(top level)" : e.instancePath;
    const extra = e.keyword === "additionalProperties" ? ` ('${String((e.params as { additionalProperty?: string }).additionalProperty)}')` : "";
    return `  ${where}: ${e.message ?? e.keyword}${extra}`;
  });
  const more = errors.length - shown.length;
  return lines.join("\n") + (more > 0 ? `\n  ... and ${more} more` : "");
}

function bundleHash(bundle: Record<string, unknown>): string {
  const { hash: _hash, ...rest } = bundle;
  return createHash("sha256").update(JSON.stringify(rest), "utf8").digest("hex");
}

/** Validates a parsed bundle; `file` names it in error messages. */
export function validateBundle(data: unknown, file = "<bundle>"): Scenario {
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw new BundleError(`${file}: not a ubench bundle (expected a JSON object)`);
  const record = data as Record<string, unknown>;
  if ("scenarios" in record && !("gym" in record)) {
    throw new BundleError(`${file}: this is a build manifest, not a bundle; pass its folder or the manifest path to load every bundle it lists`);
  }
  if (record.irVersion !== IR_VERSION) {
    throw new BundleError(`${file}: IR version ${JSON.stringify(record.irVersion)} is not the version this runtime reads (${IR_VERSION}); recompile the scenario with this ubc`);
  }
  const validate = schemaValidator();
  if (!validate(data)) {
    throw new BundleError(`${file}: not a valid ubench bundle:\n${describeErrors(validate.errors ?? [])}`);
  }
  const actual = bundleHash(record);
  if (actual !== record.hash) {
    throw new BundleError(`${file}: the bundle's hash does not match its content (was it edited after compiling?); recompile it with 'ubc compile'`);
  }
  // The schema checks shapes, not the rules between values (search_fail_every >= 2, correct <= best...):
  // the same check compile and --set run, so a bundle written by hand cannot smuggle in what they refuse.
  const problem = runtimeFor(data as Scenario).checkSettings(data as Scenario);
  if (problem !== undefined) throw new BundleError(`${file}: ${problem}; fix the scenario's source and recompile it with 'ubc compile'`);
  return data as Scenario;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new BundleError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BundleError(`${file}: not JSON: ${(error as Error).message}`);
  }
}

/** One bundle from a JSON file or an already parsed object. */
export function loadBundle(source: string | object, file?: string): Scenario {
  if (typeof source === "string") return validateBundle(readJson(source), file ?? source);
  return validateBundle(source, file);
}

/** Every bundle a manifest lists, each checked against the manifest's hash too. */
export function loadManifest(manifestFile: string): Scenario[] {
  const parsed = Manifest.safeParse(readJson(manifestFile));
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, SHOWN_ERRORS).map((i) => `  /${i.path.join("/")}: ${i.message}`);
    throw new BundleError(`${manifestFile}: not a valid build manifest:\n${issues.join("\n")}`);
  }
  const folder = dirname(manifestFile);
  return parsed.data.scenarios.map((entry) => {
    const file = join(folder, `${entry.id}.json`);
    const scenario = loadBundle(file);
    if (scenario.hash !== entry.hash) throw new BundleError(`${file}: hash differs from the one in ${manifestFile}; rebuild the folder with 'ubc compile'`);
    return scenario;
  });
}

/** Whether a path is something loadBundles reads (a bundle, a manifest, or a build folder). */
export function isBundlePath(path: string): boolean {
  try {
    if (statSync(path).isDirectory()) return existsSync(join(path, "manifest.json"));
  } catch {
    return false;
  }
  return path.endsWith(".json");
}

/** A bundle file, a manifest file, or a build folder holding manifest.json. */
export function loadBundles(path: string): Scenario[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new BundleError(`${path}: no such file or folder`);
  }
  if (isDir) {
    const manifest = join(path, "manifest.json");
    if (!existsSync(manifest)) throw new BundleError(`${path}: folder has no manifest.json (compile scenarios into it with 'ubc compile ... -o ${path}')`);
    return loadManifest(manifest);
  }
  const data = readJson(path);
  if (data !== null && typeof data === "object" && "scenarios" in data && !("gym" in data)) return loadManifest(path);
  return [validateBundle(data, path)];
}
