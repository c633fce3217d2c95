/**
 * The BAP judged on observed traffic: its answer to a callback is judged as the answer to a valid
 * callback only when the callback is one. A real BPP's broken callback refused by the BAP costs the
 * BAP nothing; a valid one refused fails ACK-101.
 */
import { describe, expect, test } from "vitest";
import { buildTransaction } from "../../../fixtures/builders/index.js";
import { createIdentity, type Identity } from "../../../mocks/common/identity.js";
import { ackBody, ERROR, nackBody } from "../../../protocol/ack.js";
import { signBody } from "../../../protocol/signing/index.js";
import type { ExchangeResponse } from "../../core/check.js";
import type { CapturedMessage } from "../../core/capture/captured.js";
import type { ObservedParty } from "../../core/observe/network.js";
import type { Observation } from "../../core/observe/observation.js";
import { judgeObservedBap } from "./observed.js";

const bapIdentity = createIdentity("BAP", "bap.observed.example");
const bppIdentity = createIdentity("BPP", "bpp.observed.example");
const party = (name: string, role: "bap" | "bpp", identity: Identity, url: string): ObservedParty => ({
  name,
  role,
  subscriberId: identity.subscriberId,
  uniqueKeyId: identity.uniqueKeyId,
  publicKey: identity.signingPublicKey,
  url,
  forwardsTo: url.replace("1", "2"),
});
const GATEWAY = "http://127.0.0.1:19000";
const buyer = party("buyer", "bap", bapIdentity, "http://127.0.0.1:19001");
const seller = party("seller", "bpp", bppIdentity, "http://127.0.0.1:19002");
const tx = buildTransaction({ seed: 7, bapId: buyer.subscriberId, bapUri: buyer.url, bppId: seller.subscriberId, bppUri: seller.url });

let clock = Date.now();

function answer(body: unknown): ExchangeResponse {
  const rawBody = JSON.stringify(body);
  return { kind: "response", status: 200, headers: { "content-type": "application/json" }, rawBody, body, headersMs: 3, ms: 3 };
}

/** A message as observe's capture holds it: signed by `signer` over its exact bytes, then (for a broken one) its bytes changed. */
function captured(action: string, body: unknown, url: string, signer: Identity, response: ExchangeResponse, tamper = false): CapturedMessage {
  const rawBody = JSON.stringify(body);
  const { header } = signBody({ rawBody, subscriberId: signer.subscriberId, uniqueKeyId: signer.uniqueKeyId, privateKey: signer.signingPrivateKey });
  const sent = tamper ? `${rawBody} ` : rawBody;
  clock += 10; // each message later than the one before, as they passed
  return { source: `capture.har#${action}`, action, url: `${url}/${action}`, headers: { authorization: header }, rawBody: sent, body, at: clock, response };
}

function observationOf(onSelectAnswer: unknown, tamper: boolean): Observation {
  return {
    messages: [
      captured("search", tx.messages.search, GATEWAY, bapIdentity, answer(ackBody())),
      captured("select", tx.messages.select, seller.url, bapIdentity, answer(ackBody())),
      captured("on_select", tx.messages.on_select, buyer.url, bppIdentity, answer(onSelectAnswer), tamper),
    ],
    parties: [seller, buyer],
    gatewayUrl: GATEWAY,
    startedAt: Date.now() - 1000,
    endedAt: Date.now(),
    dropped: {},
  };
}

const statuses = (rows: readonly { id: string; status: string }[], id: string): string[] => rows.filter((r) => r.id === id).map((r) => r.status);
const OPTIONS = { profile: "p2p-trade-guide-v1", ackTimeoutMs: 3000 } as const;

describe("an observed BAP's answers to callbacks", () => {
  test("a valid on_select it ACKs passes ACK-101, and its select is judged (CTX, SIG)", async () => {
    const result = await judgeObservedBap(observationOf(ackBody(), false), buyer, OPTIONS);
    expect(statuses(result.results, "ACK-101")).toEqual(["pass"]);
    expect(statuses(result.results, "SIG-102")).toEqual(["pass", "pass"]);
    expect(statuses(result.results, "CTX-105")).toEqual(["pass", "pass"]);
    expect(statuses(result.results, "CTX-101")).toEqual(["pass"]); // the search went to the gateway
    expect(result.exitCode).toBe(0);
  });

  test("a valid on_select it NACKs fails ACK-101", async () => {
    const result = await judgeObservedBap(observationOf(nackBody({ code: ERROR.invalidRequest }), false), buyer, OPTIONS);
    expect(statuses(result.results, "ACK-101")).toEqual(["fail"]);
    expect(result.exitCode).toBe(1);
  });

  test("an on_select whose bytes no longer match its signature, NACKed, is not held against it: ACK-101 does not judge it, the report says why", async () => {
    const result = await judgeObservedBap(observationOf(nackBody({ code: ERROR.invalidRequest }), true), buyer, OPTIONS);
    expect(statuses(result.results, "ACK-101")).toEqual(["skip"]);
    expect(result.skipped).toEqual([
      {
        scenario: "observed",
        step: "on_select",
        reason: expect.stringMatching(/^the on_select is not judged as a valid callback: its signature does not verify/),
      },
    ]);
    expect(result.results.filter((r) => r.status === "fail")).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  test("what observation cannot provoke is listed as not reachable, with why", async () => {
    const result = await judgeObservedBap(observationOf(ackBody(), false), buyer, OPTIONS);
    const aut101 = result.coverage.notReachable.find((e) => e.checkId === "AUT-101");
    expect(aut101?.reason).toMatch(
      /^`observe` sends nothing of its own.*Not judged from observed traffic: this check judges the BAP's answer to signatures the harness forges/,
    );
    expect(statuses(result.results, "AUT-101")).toEqual(["skip"]);
  });
});
