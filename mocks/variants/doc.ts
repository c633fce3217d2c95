import { ALL_VARIANTS, VARIANT_MOCKS, type ListedVariant } from "./index.js";

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function section(mock: string, variants: readonly ListedVariant[]): string[] {
  if (variants.length === 0) {
    return [];
  }
  const role = variants[0]?.role ?? mock;
  return [
    `## ${mock} (\`run --role ${role} --variant <id>\`)`,
    "",
    "| variant | what the reference does instead | what makes it legitimate |",
    "|---|---|---|",
    ...variants.map((v) => `| \`${v.id}\` | ${cell(v.description)} | ${cell(v.source)} |`),
    "",
  ];
}

/** docs/variants.md: every variant of every reference mock with the text that allows it. */
export function renderVariantsDoc(variants: readonly ListedVariant[] = ALL_VARIANTS): string {
  return [
    "# Variants of the reference mocks",
    "",
    "<!-- Generated from mocks/*/variants.ts by `npx tsx mocks/variants/render-doc.ts > docs/variants.md`; a test keeps it in step. -->",
    "",
    "A variant is the mirror of a fault: a behaviour that differs from the reference's default and that",
    "the guide, core 1.1.0 or BECKN-00x allows. Every check must pass it. Each role's variant matrix",
    "(`test/self-test/variant-matrix.test.ts`) runs the whole suite against each variant, and against all",
    "of a role's compatible variants at once, and asserts exit 0 with no failure and no warning but those",
    "the row lists with its reason.",
    "",
    "Switch one on with `p2p-conformance run --role <role> --variant <id>` (repeatable, combinable with",
    "`--fault`) or `p2p-conformance mock up --variant <id>`; `p2p-conformance variants [--json]` lists them.",
    "",
    ...VARIANT_MOCKS.flatMap((mock) => section(mock, variants.filter((v) => v.mock === mock))),
    `${variants.length} variants.`,
    "",
  ].join("\n");
}
