import assert from "node:assert/strict";
import { isRfc3339DateTime } from "../../../protocol/formats.js";
import { contextField, orderOf, type FaultProof } from "./fault-proof-kit.js";
import { WRONG_BAP_ID, WRONG_BAP_URI, WRONG_DOMAIN, WRONG_LOCATION, WRONG_VERSION } from "../reply-context.js";
import { contextOf } from "./test-utils.js";

/** Proofs of the context faults on the fields a callback echoes, its stamps, and unsolicited ids. */

const SKEW_MS = 5000;

export const CONTEXT_PROOFS = {
  "ctx.wrong-bap-id": contextField((got, sent) => {
    assert.equal(got["bap_id"], WRONG_BAP_ID);
    assert.notEqual(got["bap_id"], sent["bap_id"]);
  }),
  // The callback still reached the request's bap_uri: only the field is wrong.
  "ctx.wrong-bap-uri": contextField((got, sent, net) => {
    assert.equal(got["bap_uri"], WRONG_BAP_URI);
    assert.equal(sent["bap_uri"], net.bap.url);
  }),
  "ctx.wrong-domain": contextField((got, sent) => {
    assert.equal(got["domain"], WRONG_DOMAIN);
    assert.notEqual(got["domain"], sent["domain"]);
  }),
  "ctx.wrong-location": contextField((got, sent) => {
    assert.deepEqual(got["location"], WRONG_LOCATION);
    assert.notDeepEqual(got["location"], sent["location"]);
  }),
  "ctx.wrong-version": contextField((got, sent) => {
    assert.equal(got["version"], WRONG_VERSION);
    assert.notEqual(got["version"], sent["version"]);
  }),
  "ctx.bad-timestamp-format": contextField((got) => {
    assert.match(String(got["timestamp"]), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.equal(isRfc3339DateTime(got["timestamp"]), false);
  }),
  "ctx.future-timestamp": contextField((got) => assert.ok(Date.parse(String(got["timestamp"])) - Date.now() > SKEW_MS)),
  "ctx.no-ttl": contextField((got) => assert.equal("ttl" in got, false)),
  "ctx.unsolicited-reuses-message-id": async (net) => {
    const trade = net.trade();
    await trade.select();
    await trade.init();
    const { context, callback } = await trade.confirm();
    const orderId = orderOf(callback)["id"];
    const progress = await net.bap.waitFor((c) => c.action === "on_status" && orderOf(c)["id"] === orderId);
    assert.equal(contextOf(progress)["message_id"], context.message_id);
    assert.equal(contextOf(progress)["transaction_id"], trade.transactionId);
  },
} satisfies Record<string, FaultProof>;
