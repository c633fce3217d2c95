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
  suites: ["**/cli/**", "**/reports/**"],
};

/** Inside suites/ (ARCHITECTURE.md "Inside suites/"): the core knows no role, and no role knows another. */
const ROLE_FOLDERS = ["bpp", "bap", "gateway", "registry"];
const suiteBans = [
  { files: ["suites/core/**/*.ts"], regex: "(^|/)roles/", message: "suites/core is generic: it never imports a role (suites/roles/*)." },
  ...ROLE_FOLDERS.map((role) => ({
    files: [`suites/roles/${role}/**/*.ts`],
    regex: `^(\\.\\./)+(${ROLE_FOLDERS.filter((r) => r !== role).join("|")})/`,
    message: `A role never imports another role's folder: move what ${role} shares with it to suites/core/.`,
  })),
];

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
      // Prettier (printWidth 160, `npm run format:check`) lays out the code; this holds comments to the same width.
      // Strings stay whole: a message split across lines is harder to find from the report it appears in.
      "max-len": ["error", { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
    },
  },
  ...Object.entries(layerBans).map(([layer, patterns]) => ({
    files: [`${layer}/**/*.ts`],
    ignores: [`${layer}/**/*.test.ts`],
    rules: { "no-restricted-imports": ["error", { patterns }] },
  })),
  ...suiteBans.map(({ files, regex, message }) => ({
    files,
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: layerBans.suites }, { regex, message }] }] },
  })),
  { files: ["cli/**/*.ts", "bench/**/*.ts"], rules: { "no-console": "off" } },
);
