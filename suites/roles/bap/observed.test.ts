/**
 * The BAP judged on observed traffic: its answer to a callback is judged as the answer to a valid
 * callback only when the callback is one. A real BPP's broken callback refused by the BAP costs the
 * BAP nothing; a valid one refused fails ACK-101.
 */
import { describe, expect, test } from "vitest";
import { buildTransaction } from "../../../fixtures/builders/index.js";
import { createIdentity, type Identity } from "../../../mocks/common/identity.js";
import { ackBody, ERROR, nackBody } from "../../../protocol/ack.js";
import { answered, OBSERVED_GATEWAY, observationOf, observedMessage, observedParty } from "../../core/testing/observed.js";
import type { Observation } from "../../core/observe/observation.js";
import { judgeObservedBap } from "./observed.js";

const bapIdentity = createIdentity("BAP", "bap.observed.example");
const bppIdentity = createIdentity("BPP", "bpp.observed.example");
const otherBpp = createIdentity("BPP", "bpp.other.example");
const buyer = observedParty("buyer", "bap", bapIdentity, "http://127.0.0.1:19001");
const seller = observedParty("seller", "bpp", bppIdentity, "http://127.0.0.1:19002");
const other = observedParty("other", "bpp", otherBpp, "http://127.0.0.1:19003");
const tx = buildTransaction({ seed: 7, bapId: buyer.subscriberId, bapUri: buyer.url, bppId: seller.subscriberId, bppUri: seller.url });
const NACK = nackBody({ code: ERROR.invalidRequest });

/** search → select → on_select, the on_select answered with `onSelectAnswer`, signed by `signer` (its bytes changed when `tamper`). */
function flow(onSelectAnswer: unknown, { signer = bppIdentity, tamper = false }: { signer?: Identity; tamper?: boolean } = {}): Observation {
  return observationOf(
    [
      observedMessage("search", tx.messages.search, OBSERVED_GATEWAY, bapIdentity, answered()),
      observedMessage("select", tx.messages.select, seller.url, bapIdentity, answered()),
      observedMessage("on_select", tx.messages.on_select, buyer.url, signer, answered(onSelectAnswer), tamper),
    ],
    [seller, buyer, other],
  );
}

const statuses = (rows: readonly { id: string; status: string }[], id: string): string[] => rows.filter((r) => r.id === id).map((r) => r.status);
const OPTIONS = { profile: "p2p-trade-guide-v1" } as const;

describe("an observed BAP's answers to callbacks", () => {
  test("a valid on_select it ACKs passes ACK-101, and its requests are judged (CTX, SIG)", async () => {
    const result = await judgeObservedBap(flow(ackBody()), buyer, OPTIONS);
    expect(statuses(result.results, "ACK-101")).toEqual(["pass"]);
    expect(statuses(result.results, "SIG-102")).toEqual(["pass", "pass"]);
    expect(statuses(result.results, "CTX-105")).toEqual(["pass", "pass"]);
    expect(statuses(result.results, "CTX-101")).toEqual(["pass"]); // the search went to the gateway
    expect(result.exitCode).toBe(0);
  });

  test("a valid on_select it NACKs fails ACK-101", async () => {
    const result = await judgeObservedBap(flow(NACK), buyer, OPTIONS);
    expect(statuses(result.results, "ACK-101")).toEqual(["fail"]);
    expect(result.exitCode).toBe(1);
  });

  test("an on_select whose bytes no longer match its signature, NACKed, is not held against it: ACK-101 does not judge it, the report says why", async () => {
    const result = await judgeObservedBap(flow(NACK, { tamper: true }), buyer, OPTIONS);
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

  test("an on_select signed by another registered BPP than the one it names may be refused (a SHOULD, AUT-104): not judged by ACK-101", async () => {
    const result = await judgeObservedBap(flow(NACK, { signer: otherBpp }), buyer, OPTIONS);
    expect(statuses(result.results, "ACK-101")).toEqual(["skip"]);
    expect(result.skipped[0]?.reason).toBe(
      `the on_select is not judged as a valid callback: it is signed by "bpp.other.example", not by "bpp.observed.example", the sender its context names, so a receiver may refuse it`,
    );
  });

  test("what observation cannot provoke is listed as not reachable, with why", async () => {
    const result = await judgeObservedBap(flow(ackBody()), buyer, OPTIONS);
    const aut101 = result.coverage.notReachable.find((e) => e.checkId === "AUT-101");
    expect(aut101?.reason).toMatch(
      /^`observe` sends nothing of its own.*Not judged from observed traffic: this check judges the BAP's answer to signatures the harness forges/,
    );
    expect(statuses(result.results, "AUT-101")).toEqual(["skip"]);
  });
});
