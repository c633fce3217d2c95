/** SCH and SIG: what the BAP sends, judged as it arrived at the harness's gateway or BPP. */
import { parseSignatureHeader, verifySignatureHeader } from "../../../../protocol/signing/index.js";
import { validate } from "../../../../schemas/index.js";
import { headerOf } from "../../../core/read.js";
import { defineCheck } from "../../../core/define-check.js";
import { contextOf, text } from "../../../core/read.js";
import { bapRequest } from "./read.js";
import { finding } from "../../../core/finding.js";
import { candidateKeys, signatureMistake } from "../../../core/signature-diagnosis.js";

export const SCH_101 = defineCheck({
  id: "SCH-101",
  title: "Every request the BAP sends passes the profile",
  severity: "MUST",
  ref: "core 1.1.0 schemas and the run's profile (schemas/validate)",
  fix: "Build each request so it passes core 1.1.0 and the profile: correct the field at each path the finding names (`p2p-conformance validate` shows them).",
  appliesTo: (e) => bapRequest(e) !== undefined,
  run: (e, ctx) => {
    if (e.request.body === undefined) {
      return [finding(`The ${e.action} the BAP sent is not JSON; send a JSON Beckn body.`, { actual: e.request.rawBody.slice(0, 200) })];
    }
    return validate(e.request.body, ctx.profile)
      .findings.filter((f) => f.severity === "error")
      .slice(0, 10)
      .map((f) => finding(`${f.path}: ${f.message}${f.rule ? ` [${f.rule}]` : ""}`, { path: f.path }));
  },
});

export const SIG_101 = defineCheck({
  id: "SIG-101",
  title: "Every request the BAP sends is signed",
  severity: "MUST",
  ref: "BECKN-006 step 1: the Authorization header",
  fix: "Sign every request and send the signature in an `Authorization: Signature …` header, as BECKN-006 step 1 builds it.",
  appliesTo: (e) => bapRequest(e) !== undefined,
  run: (e) => {
    const header = headerOf(e.request.headers, "authorization");
    if (header === undefined) {
      return [
        finding(`The ${e.action} arrived without an Authorization header; sign every request (BECKN-006).`, {
          path: "headers.authorization",
          expected: "Signature keyId=…",
          actual: null,
        }),
      ];
    }
    const parsed = parseSignatureHeader(header);
    return parsed.ok
      ? []
      : [finding(`The Authorization header does not parse: ${parsed.detail}`, { path: "headers.authorization", actual: header.slice(0, 300) })];
  },
});

export const SIG_102 = defineCheck({
  id: "SIG-102",
  title: "The signature verifies with the BAP's registry key",
  severity: "MUST",
  ref: "BECKN-006 steps 2-4: digest, signing string, key from the registry, created and expires",
  fix: "Sign the exact bytes you send with the private key registered for your keyId; compute the BLAKE2b-512 digest over those bytes, not a re-serialisation.",
  appliesTo: (e) => bapRequest(e) !== undefined && headerOf(e.request.headers, "authorization") !== undefined,
  run: async (e, ctx) => {
    const sender = text(contextOf(e.request.body)["bap_id"]);
    const options = {
      header: headerOf(e.request.headers, "authorization"),
      rawBody: e.request.rawBody,
      kind: "authorization" as const,
      lookupPublicKey: (subscriberId: string) => (subscriberId === ctx.sut.subscriberId ? ctx.sut.publicKey : undefined),
      ...(sender ? { expectedSubscriberId: sender } : {}),
    };
    const verdict = await verifySignatureHeader({ ...options, now: () => e.request.sentAt });
    if (verdict.ok) {
      return [];
    }
    const mistake = await signatureMistake({ ...options, candidates: candidateKeys(ctx), at: e.request.sentAt });
    const failed = `The ${e.action}'s signature does not verify (${verdict.reason})`;
    return [
      finding(
        mistake
          ? `${failed}: ${mistake.explanation}`
          : `${failed}: ${verdict.detail} Sign the exact bytes you send with the key registered for ${ctx.sut.subscriberId}, valid when it is sent.`,
        { path: "headers.authorization", actual: mistake ? { reason: verdict.reason, diagnosis: mistake } : verdict.reason },
      ),
    ];
  },
});
