/**
 * The BPP judged on observed traffic: as the subscriber it registered with observe, whatever its
 * callbacks call themselves (as a live run judges --sut-id), and on the run-level checks of what it
 * owes valid requests only.
 */
import { describe, expect, test } from "vitest";
import { buildTransaction } from "../../../../fixtures/builders/index.js";
import { createIdentity } from "../../../../mocks/common/identity.js";
import { ERROR, nackBody } from "../../../../protocol/ack.js";
import { answered, observationOf, observedMessage, observedParty } from "../../../core/testing/observed.js";
import { judgeObservedBpp } from "./observed.js";

const bapIdentity = createIdentity("BAP", "bap.observed.example");
const bppIdentity = createIdentity("BPP", "bpp.observed.example");
const buyer = observedParty("buyer", "bap", bapIdentity, "http://127.0.0.1:19001");
const seller = observedParty("seller", "bpp", bppIdentity, "http://127.0.0.1:19002");
const OPTIONS = { profile: "p2p-trade-guide-v1" } as const;
const statuses = (rows: readonly { id: string; status: string }[], id: string): string[] => rows.filter((r) => r.id === id).map((r) => r.status);

function selectFlow(onSelectBppId: string, tamperSelect = false, selectAnswer = answered()) {
  const tx = buildTransaction({ seed: 9, bapId: buyer.subscriberId, bapUri: buyer.url, bppId: seller.subscriberId, bppUri: seller.url });
  const onSelect = { ...tx.messages.on_select, context: { ...tx.messages.on_select.context, bpp_id: onSelectBppId } };
  return observationOf(
    [
      observedMessage("select", tx.messages.select, seller.url, bapIdentity, selectAnswer, tamperSelect),
      ...(tamperSelect ? [] : [observedMessage("on_select", onSelect, buyer.url, bppIdentity, answered())]),
    ],
    [seller, buyer],
  );
}

describe("an observed BPP", () => {
  test("its on_select is judged against the subscriber it registered: a callback naming another bpp_id fails CTX-009; its signature is judged with its key", async () => {
    const clean = await judgeObservedBpp(selectFlow(seller.subscriberId), seller, OPTIONS);
    expect(statuses(clean.results, "CTX-009")).toEqual(["pass"]);
    expect(statuses(clean.results, "SIG-003")).toEqual(["pass"]);
    expect(clean.exitCode).toBe(0);
    const misnamed = await judgeObservedBpp(selectFlow("bpp.someone-else.example"), seller, OPTIONS);
    expect(statuses(misnamed.results, "CTX-009")).toEqual(["fail"]);
    expect(statuses(misnamed.results, "SIG-003")).toEqual(["pass"]);
  });

  test("a BPP that NACKs the only request it got, a broken one, fails no run-level check", async () => {
    const result = await judgeObservedBpp(selectFlow(seller.subscriberId, true, answered(nackBody({ code: ERROR.invalidRequest }))), seller, OPTIONS);
    expect(result.results.filter((r) => r.id.startsWith("RUN-")).map((r) => [r.id, r.status])).toEqual([
      ["RUN-001", "pass"],
      ["RUN-002", "pass"],
      ["RUN-003", "pass"],
    ]);
  });

  test("a BPP that NACKs a valid request fails RUN-002", async () => {
    const result = await judgeObservedBpp(selectFlow(seller.subscriberId, false, answered(nackBody({ code: ERROR.invalidRequest }))), seller, OPTIONS);
    expect(statuses(result.results, "RUN-002")).toEqual(["fail"]);
  });
});
