import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** The modules that use the runtime, each for one command family; see the layering blocks below. */
const CONSUMERS = ["eval", "rl", "serve", "export", "report", "play"];
const folder = (name) => `**/${name}/**`;

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "build/", "runs/", "coverage/", ".ubench-cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", performance: "readonly", TextDecoder: "readonly", TextEncoder: "readonly", AbortController: "readonly", setImmediate: "readonly", setInterval: "readonly", clearInterval: "readonly", fetch: "readonly", queueMicrotask: "readonly", structuredClone: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-control-regex": "off",
      // A variable a closure reads before its one assignment (the parser's partial-node builders) must stay `let`.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Layering (architecture.md): the runtime never imports the parser or the compile pipeline;
    // the compiler and the DSL never import the runtime or its consumers.
    files: ["src/runtime/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/dsl/**", "**/compiler/compile.js", "**/compiler/sources.js", "**/runs/**", ...CONSUMERS.map(folder), "**/cli/**"] }] },
  },
  // The run-folder formats (src/runs/) sit below every consumer: they import the compiler, the
  // runtime and src/io, never a consumer or the CLI.
  {
    files: ["src/runs/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [...CONSUMERS.map(folder), "**/cli/**"] }] },
  },
  // The consumers do not import each other: what two of them share lives below them (src/runs/,
  // the runtime). Only the CLI, above them all, imports any of them.
  ...CONSUMERS.map((consumer) => ({
    files: [`src/${consumer}/**/*.ts`],
    rules: { "no-restricted-imports": ["error", { patterns: [...CONSUMERS.filter((other) => other !== consumer).map(folder), "**/cli/**"] }] },
  })),
  {
    files: ["src/compiler/**/*.ts", "src/dsl/**/*.ts", "src/diagnostics/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/runtime/**", "**/runs/**", ...CONSUMERS.map(folder), "**/cli/**"] }] },
  },
);
