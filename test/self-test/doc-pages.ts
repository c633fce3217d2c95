/**
 * The generated pages of docs/: the faults of every role (docs/faults-*.md) and the variants of
 * every reference mock (docs/variants.md). Each page is its prose, test/self-test/doc-pages/<page>,
 * with every `<!-- generated table -->` replaced by the next table, built from the mocks' tables
 * (faults, variants) and the self-test matrices (the checks that catch each fault, the warnings
 * each variant may raise). Not shipped: test/ is outside the build.
 */
import { readFileSync } from "node:fs";
import { ALL_VARIANTS, VARIANT_MOCKS, type ListedVariant } from "../../mocks/variants/index.js";
import type { Role } from "../../suites/core/config.js";
import { FAULT_MATRICES, type MatrixRow } from "./fault-matrix.js";
import { VARIANT_MATRIX } from "./variant-matrix.js";

export const REGENERATE = "npx tsx test/self-test/render-docs.ts";
const MARKER = "<!-- generated table -->";

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The checks a row flags: `ID` fails, `ID~` warns; a run that must end with exit 2 says so. */
function caughtBy(row: MatrixRow): string {
  const ids = row.expected.map((id) => (id.endsWith("~") ? `\`${id.slice(0, -1)}\` (warns)` : `\`${id}\``));
  return [...ids, ...(row.exitCode === undefined ? [] : [`exit ${row.exitCode}`])].join(", ");
}

function faultTable(role: Role): string {
  const { faults, rows } = FAULT_MATRICES[role];
  const rowOf = new Map(rows.map((row) => [row.fault, row]));
  return [
    "| fault | what it is | what it changes | caught by | what the checks find |",
    "|---|---|---|---|---|",
    ...faults.map((fault) => {
      const row = rowOf.get(fault.id);
      if (row === undefined) {
        throw new Error(`Fault ${fault.id} has no row in the ${role} self-test matrix.`);
      }
      return `| \`${fault.id}\` | ${cell(fault.description)} | ${cell(fault.changes)} | ${caughtBy(row)} | ${cell(row.note ?? "")} |`;
    }),
  ].join("\n");
}

/** The warnings a variant may raise, each with its reason, from its row of the variant matrix. */
function mayWarn(variant: ListedVariant): string {
  const row = VARIANT_MATRIX.find((r) => r.variant === variant.id);
  if (row === undefined) {
    throw new Error(`Variant ${variant.id} has no row in the variant matrix.`);
  }
  const warns = Object.entries(row.warns ?? {});
  return warns.length === 0 ? "none" : warns.map(([id, reason]) => `\`${id}\`: ${cell(reason)}`).join("; ");
}

function variantTables(): string {
  return [
    ...VARIANT_MOCKS.flatMap((mock) => {
      const variants = ALL_VARIANTS.filter((v) => v.mock === mock);
      return variants.length === 0
        ? []
        : [
            `## ${mock} (\`run --role ${variants[0]?.role ?? mock} --variant <id>\`)`,
            "",
            "| variant | what it is | what the reference does instead | what makes it legitimate | warnings it may raise |",
            "|---|---|---|---|---|",
            ...variants.map((v) => `| \`${v.id}\` | ${cell(v.description)} | ${cell(v.changes)} | ${cell(v.source)} | ${mayWarn(v)} |`),
            "",
          ];
    }),
    `${ALL_VARIANTS.length} variants.`,
  ].join("\n");
}

const TABLES: Readonly<Record<string, () => readonly string[]>> = {
  "faults-bpp.md": () => [faultTable("bpp")],
  "faults-bap-gateway.md": () => [faultTable("bap"), faultTable("gateway")],
  "faults-registry.md": () => [faultTable("registry")],
  "variants.md": () => [variantTables()],
};

/** The generated pages, by their file name under docs/. */
export const DOC_PAGES: readonly string[] = Object.keys(TABLES);

/** One page of docs/ as generated now. */
export function renderDocPage(page: string): string {
  const tables = TABLES[page]?.();
  if (tables === undefined) {
    throw new Error(`${page} is not a generated page.`);
  }
  const parts = readFileSync(new URL(`./doc-pages/${page}`, import.meta.url), "utf8").split(MARKER);
  if (parts.length !== tables.length + 1) {
    throw new Error(`doc-pages/${page} must hold ${tables.length} ${MARKER} markers.`);
  }
  const [title, ...rest] = parts
    .flatMap((part, i) => (i === 0 ? [part] : [tables[i - 1], part]))
    .join("")
    .split("\n");
  const generated = `<!-- Generated from test/self-test/doc-pages/${page}, the tables in mocks/ and the self-test matrices in test/self-test/ by \`${REGENERATE}\`; a test keeps it in step. -->`;
  return [title, "", generated, ...rest].join("\n");
}
