import { expect, test as base } from "vitest";
import { postJson } from "./testing/http.js";
import { networkFixture } from "./testing/network.js";

const fixtures = {
  rows: [
    { name: "a body that is not JSON", action: "select", raw: "{not json", code: "TRIGGER_NOT_JSON" },
    { name: "an unknown action", action: "purchase", body: { message: {} }, code: "TRIGGER_UNKNOWN_ACTION" },
    { name: "a callback action", action: "on_select", body: { message: {} }, code: "TRIGGER_UNKNOWN_ACTION" },
    { name: "a missing message", action: "search", body: { context: {} }, code: "TRIGGER_BAD_INPUT" },
    { name: "a message that is not an object", action: "search", body: { message: "hello" }, code: "TRIGGER_BAD_INPUT" },
    { name: "a context that is not an object", action: "search", body: { context: [1], message: {} }, code: "TRIGGER_BAD_INPUT" },
    { name: "a body that is an array", action: "search", body: [], code: "TRIGGER_BAD_INPUT" },
    { name: "an empty body", action: "search", raw: "", code: "TRIGGER_BAD_INPUT" },
    { name: "a select without bpp_uri", action: "select", body: { context: { bpp_id: "bpp.test" }, message: { order: {} } }, code: "TRIGGER_MISSING_BPP_URI" },
    { name: "a flow with a fractional quantity", action: "flow", body: { quantityKwh: 1.5 }, code: "TRIGGER_BAD_INPUT" },
  ],
};

const test = base.extend("net", { scope: "file" }, networkFixture());

test.for(fixtures.rows)("a trigger with $name answers 400 with a JSON error $code", async (row, { net }) => {
  const bap = await net.startBap();
  const reply = await postJson(`${bap.url}/trigger/${row.action}`, row.body, row.raw);
  expect(reply.status).toBe(400);
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
  expect((reply.body as { error: { code: string; message: string } }).error).toEqual({ code: row.code, message: expect.any(String) });
  expect(bap.engine.exchanges().requests).toEqual([]);
});
