/**
 * AUT-007: a valid request the harness wrote as other JSON for the same value (suites/core/probes/raw-forms.ts:
 * indented, members reordered, characters escaped), signed over exactly those bytes, is accepted.
 */
import { ackStatusOf, SIGNATURE_REFUSAL_STATUS } from "../../../../protocol/ack.js";
import { defineCheck } from "../../../core/define-check.js";
import type { Check, Exchange } from "../../../core/check.js";
import { finding } from "../../../core/finding.js";

/** What came back, for evidence. */
function answerOf(exchange: Exchange): Record<string, unknown> {
  const { response } = exchange;
  const form = exchange.rawForm ?? null;
  return response.kind === "response"
    ? { rawForm: form, status: response.status, ack: ackStatusOf(response.body) ?? null, body: response.rawBody.slice(0, 200) }
    : { rawForm: form, failure: response.failure };
}

const AUT_007 = defineCheck({
  id: "AUT-007",
  title: "A valid request is not refused as unsigned (401) when its JSON is written otherwise than compact",
  severity: "MUST",
  ref: 'BECKN-006 step 1 (the digest is the BLAKE-512 hash of the body as sent, with no canonicalisation) and step 5 (the receiver recomputes it from the body it received and verifies the signature over it); core 1.1.0 prescribes no serialisation, so whitespace, member order and escapes are the sender\'s; docs/rules.md "Signatures over the bytes sent"',
  fix: "Verify the digest over the raw request bytes as received, before any JSON parsing; never over JSON.stringify(JSON.parse(body)) or a key-sorted copy.",
  appliesTo: (exchange) => exchange.rawForm !== undefined && exchange.response.kind === "response",
  run: (exchange) => {
    // A 401 is BECKN-006's refusal of a signature; any other refusal of a valid request is ACK-001's
    // (a SUT that NACKs everything is not blamed for the bytes).
    const refused = exchange.response.kind === "response" && exchange.response.status === SIGNATURE_REFUSAL_STATUS;
    return refused
      ? [
          finding(
            `A valid request written as ${exchange.rawForm} JSON was refused: the request was signed over the bytes sent; re-serialising before hashing breaks it. Hash the raw body exactly as received (BECKN-006).`,
            {
              path: "response",
              expected: "no 401: the signature verifies over the bytes received",
              actual: answerOf(exchange),
            },
          ),
        ]
      : [];
  },
});

/** AUT-007. */
export const RAW_BYTES_CHECKS: readonly Check[] = [AUT_007];
