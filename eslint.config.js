// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

/** Layering from ARCHITECTURE.md: cli → suites → mocks → fixtures → schemas → protocol; reports and results beside. */
const layerBans = {
  results: ["fastify", "vitest", "msw", "**/protocol/**", "**/schemas/**", "**/fixtures/**", "**/mocks/**", "**/suites/**", "**/cli/**", "**/reports/**"],
  reports: ["fastify", "vitest", "msw", "**/schemas/**", "**/fixtures/**", "**/mocks/**", "**/suites/**", "**/cli/**"],
  protocol: ["fastify", "fastify-plugin", "vitest", "msw", "**/schemas/**", "**/fixtures/**", "**/mocks/**", "**/suites/**", "**/cli/**", "**/reports/**", "**/results/**"],
  schemas: ["fastify", "vitest", "msw", "**/fixtures/**", "**/mocks/**", "**/suites/**", "**/cli/**", "**/reports/**", "**/results/**"],
  fixtures: ["fastify", "vitest", "msw", "**/mocks/**", "**/suites/**", "**/cli/**", "**/reports/**", "**/results/**"],
  mocks: ["vitest", "**/suites/**", "**/cli/**", "**/reports/**", "**/results/**"],
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "reports/out/**", "coverage/**", ".scratch/**"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      curly: ["error", "all"],
      complexity: ["error", 20],
      "no-console": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  ...Object.entries(layerBans).map(([layer, patterns]) => ({
    files: [`${layer}/**/*.ts`],
    ignores: [`${layer}/**/*.test.ts`],
    rules: { "no-restricted-imports": ["error", { patterns }] },
  })),
  { files: ["cli/**/*.ts", "bench/**/*.ts"], rules: { "no-console": "off" } },
);
