import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
    rules: { "no-restricted-imports": ["error", { patterns: ["**/dsl/**", "**/compiler/compile.js", "**/compiler/sources.js", "**/eval/**", "**/rl/**", "**/serve/**", "**/cli/**"] }] },
  },
  {
    files: ["src/compiler/**/*.ts", "src/dsl/**/*.ts", "src/diagnostics/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/runtime/**", "**/eval/**", "**/rl/**", "**/serve/**", "**/cli/**"] }] },
  },
);
