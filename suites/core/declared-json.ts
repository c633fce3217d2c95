/**
 * One rule for SCH-005 (BPP), ACK-104 (BAP) and GW-019 (gateway): what a participant sends as JSON
 * it declares as JSON. Each role's check lists what it sent; this judges the declarations.
 */
import { isJsonMediaType } from "../../protocol/http/media-type.js";
import type { CheckFinding } from "./check.js";
import { finding } from "./finding.js";

export const DECLARED_JSON_REF =
  "core 1.1.0 transaction.yaml (every request body and answer is `content: application/json`); RFC 9110 §8.3 (a media type's type and subtype are case-insensitive; parameters such as charset are allowed)";

/** One JSON body the participant sent: where its Content-Type is in the evidence, what it was, and how it was declared. */
export interface DeclaredJson {
  readonly path: string;
  readonly what: string;
  readonly contentType: string | undefined;
}

/** A finding for each body not declared `application/json` (any case, parameters allowed). */
export function undeclaredJsonFindings(declared: readonly DeclaredJson[]): CheckFinding[] {
  return declared
    .filter(({ contentType }) => !isJsonMediaType(contentType))
    .map(({ path, what, contentType }) =>
      finding(`${what} is JSON but does not say so: declare \`Content-Type: application/json\` (parameters such as charset=utf-8 are fine).`, {
        path,
        expected: "application/json",
        actual: contentType ?? null,
      }),
    );
}
