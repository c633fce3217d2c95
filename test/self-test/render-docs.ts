/** Writes the generated pages of docs/ (the faults and the variants): `npx tsx test/self-test/render-docs.ts`. */
import { writeFileSync } from "node:fs";
import { DOC_PAGES, renderDocPage } from "./doc-pages.js";

for (const page of DOC_PAGES) {
  writeFileSync(new URL(`../../docs/${page}`, import.meta.url), renderDocPage(page));
}
