/**
 * GW-004…GW-007: what a forward carries. A gateway sends on the exact bytes it received, keeps the
 * sender's Authorization, and adds its own signature over those bytes as X-Gateway-Authorization
 * (BECKN-006; `Proxy-Authorization` is the 0.9.4 name, accepted too).
 */
import { verifySignatureHeader } from "../../../../protocol/signing/index.js";
import { defineCheck } from "../../../core/define-check.js";
import type { CheckFinding } from "../../../core/check.js";
import { at, gatewayHeaderOf, gatewayKey, hasForwards, recipientOf, shown } from "./read.js";
import { finding } from "../../../core/finding.js";
import { candidateKeys, messageNaming, signatureMistake, withDiagnosis } from "../../../core/signature-diagnosis.js";

export const GW_004 = defineCheck({
  id: "GW-004",
  title: "The gateway forwards the exact bytes the sender signed",
  severity: "MUST",
  ref: "BECKN-006 (the gateway forwards the unchanged body; signatures cover the raw bytes)",
  fix: "Forward the request body byte for byte as received; never parse and re-serialise it.",
  appliesTo: hasForwards,
  run: (exchange) =>
    exchange.callbacks.flatMap((callback, i) =>
      callback.rawBody === exchange.request.rawBody
        ? []
        : [
            finding(
              "The forwarded body differs from the bytes the sender signed, so the sender's signature no longer verifies; forward the received bytes as they are, never a re-serialised object (BECKN-006).",
              {
                path: at(i, ".rawBody"),
                expected: { bytes: Buffer.byteLength(exchange.request.rawBody), start: exchange.request.rawBody.slice(0, 120) },
                actual: { recipient: recipientOf(callback), bytes: Buffer.byteLength(callback.rawBody), start: callback.rawBody.slice(0, 120) },
              },
            ),
          ],
    ),
});

export const GW_005 = defineCheck({
  id: "GW-005",
  title: "Every forward carries the gateway's X-Gateway-Authorization",
  severity: "MUST",
  ref: "BECKN-006 (X-Gateway-Authorization; Proxy-Authorization in 0.9.4)",
  fix: "Add your own X-Gateway-Authorization header, signed with your registered BG key, to every request you forward.",
  appliesTo: hasForwards,
  run: (exchange) =>
    exchange.callbacks.flatMap((callback, i) =>
      gatewayHeaderOf(callback) !== undefined
        ? []
        : [
            finding(
              "The forward has no X-Gateway-Authorization (nor Proxy-Authorization); sign the forwarded bytes with the gateway's registered key and send the signature as X-Gateway-Authorization (BECKN-006).",
              {
                path: at(i, ".headers"),
                expected: 'X-Gateway-Authorization: Signature keyId="<gateway id>|<key id>|ed25519",…',
                actual: { recipient: recipientOf(callback), headers: Object.keys(callback.headers) },
              },
            ),
          ],
    ),
});

export const GW_006 = defineCheck({
  id: "GW-006",
  title: "The gateway's signature verifies over the forwarded bytes with its registered key, and is valid on arrival",
  severity: "MUST",
  ref: "BECKN-006 steps 4, 9 and 10 (the receiver verifies the gateway header)",
  fix: "Sign the forwarded bytes with the private key of the keyId you registered as BG, with created and expires valid on arrival.",
  appliesTo: (exchange) => hasForwards(exchange) && exchange.callbacks.some((c) => gatewayHeaderOf(c) !== undefined),
  run: async (exchange, ctx) => {
    const findings: CheckFinding[] = [];
    for (const [i, callback] of exchange.callbacks.entries()) {
      const header = gatewayHeaderOf(callback);
      if (header === undefined) {
        continue; // GW-005's finding
      }
      const options = { header, rawBody: callback.rawBody, kind: "gateway" as const, lookupPublicKey: gatewayKey(ctx), skewSeconds: ctx.skewSeconds };
      const verdict = await verifySignatureHeader({ ...options, now: () => callback.receivedAt });
      if (!verdict.ok) {
        const mistake = await signatureMistake({ ...options, candidates: candidateKeys(ctx), at: callback.receivedAt });
        findings.push(
          finding(
            messageNaming(
              "The gateway header does not verify",
              "sign the exact bytes you forward with the private key registered for the gateway's keyId, with created ≤ now and expires > now (BECKN-006).",
              mistake,
            ),
            {
              path: at(i, ".headers.x-gateway-authorization"),
              expected: { keyId: `${ctx.sut.subscriberId}|${ctx.sut.uniqueKeyId ?? "<any>"}|ed25519`, publicKey: ctx.sut.publicKey },
              actual: withDiagnosis({ recipient: recipientOf(callback), reason: verdict.reason, detail: verdict.detail, header: shown(header) }, mistake),
            },
          ),
        );
      }
    }
    return findings;
  },
});

export const GW_007 = defineCheck({
  id: "GW-007",
  title: "The sender's Authorization reaches the recipient unchanged",
  severity: "MUST",
  ref: 'BECKN-006 (the gateway keeps the sender\'s Authorization); docs/rules.md "Contracts" (Routing)',
  fix: "Pass the sender's Authorization header through unchanged; never re-sign, rewrite or drop it.",
  appliesTo: hasForwards,
  run: (exchange) =>
    exchange.callbacks.flatMap((callback, i) =>
      callback.headers["authorization"] === exchange.request.headers["authorization"]
        ? []
        : [
            finding(
              "The forward does not carry the sender's Authorization as sent; pass it on untouched and add your own signature as X-Gateway-Authorization, never instead of it (BECKN-006).",
              {
                path: at(i, ".headers.authorization"),
                expected: shown(exchange.request.headers["authorization"]),
                actual: { recipient: recipientOf(callback), authorization: shown(callback.headers["authorization"]) },
              },
            ),
          ],
    ),
});
