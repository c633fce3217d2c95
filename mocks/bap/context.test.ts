import { expect, test as base } from "vitest";
import { isRfc3339DateTime, isUuid } from "../../protocol/formats.js";
import { buildTransaction } from "../../fixtures/builders/index.js";
import { triggerAt } from "./testing/http.js";
import { networkFixture } from "./testing/network.js";

const fixtures = {
  messages: buildTransaction({ seed: 9 }).messages,
  given: {
    domain: "trade-test",
    location: { country: { code: "IND" }, city: { code: "std:080" } },
    ttl: "PT30S",
    transaction_id: "6743e9e2-4fb5-487c-92b7-13ba8018f176",
  },
  overridden: {
    message_id: "caller-message",
    timestamp: "2020-01-01T00:00:00Z",
    bap_id: "someone.else",
    bap_uri: "http://elsewhere",
    action: "confirm",
    version: "0.9.4",
    extra: "dropped",
  },
};

const test = base.extend("net", { scope: "file" }, networkFixture());

test("a search without a context gets a complete context of the BAP's own", async ({ net }) => {
  const bap = await net.startBap();
  const { body } = await triggerAt(bap.url, "search", { message: fixtures.messages.search.message });
  const context = body.context;
  expect(context).toEqual({
    domain: "trade",
    action: "search",
    location: { country: { code: "USA" }, city: { code: "NANP:628" } },
    version: "1.1.0",
    bap_id: bap.identity.subscriberId,
    bap_uri: bap.url,
    transaction_id: context["transaction_id"],
    message_id: context["message_id"],
    timestamp: context["timestamp"],
    ttl: "PT10S",
  });
  expect(isUuid(context["transaction_id"]) && isUuid(context["message_id"])).toBe(true);
  expect(isRfc3339DateTime(context["timestamp"]) && String(context["timestamp"]).endsWith("Z")).toBe(true);
  expect(Math.abs(Date.parse(String(context["timestamp"])) - Date.now())).toBeLessThan(5000);
});

test("each search starts a new transaction and each request gets a new message_id", async ({ net }) => {
  const bap = await net.startBap();
  const first = await triggerAt(bap.url, "search", { message: fixtures.messages.search.message });
  const second = await triggerAt(bap.url, "search", { message: fixtures.messages.search.message });
  expect(second.body.context["transaction_id"]).not.toBe(first.body.context["transaction_id"]);
  expect(second.body.context["message_id"]).not.toBe(first.body.context["message_id"]);
});

test("the caller's domain, location, ttl, transaction_id, bpp_id and bpp_uri are kept", async ({ net }) => {
  const bap = await net.startBap();
  const to = { bpp_id: net.bppIdentity.subscriberId, bpp_uri: net.bpp.url };
  const { body } = await triggerAt(bap.url, "select", { context: { ...fixtures.given, ...to }, message: fixtures.messages.select.message });
  expect(body.context).toMatchObject({ ...fixtures.given, ...to });
});

test("the caller's message_id, timestamp, bap_id, bap_uri, action and version are replaced, other keys dropped", async ({ net }) => {
  const bap = await net.startBap();
  const to = { bpp_id: net.bppIdentity.subscriberId, bpp_uri: net.bpp.url };
  const { body } = await triggerAt(bap.url, "select", { context: { ...fixtures.overridden, ...to }, message: fixtures.messages.select.message });
  const replaced = Object.keys(fixtures.overridden).filter((key) => body.context[key] === fixtures.overridden[key as keyof typeof fixtures.overridden]);
  expect(replaced).toEqual([]);
  expect(body.context).toMatchObject({ action: "select", version: "1.1.0", bap_id: bap.identity.subscriberId, bap_uri: bap.url });
  expect(body.context["extra"]).toBeUndefined();
});

test("a request after search without transaction_id joins the BAP's last transaction", async ({ net }) => {
  const bap = await net.startBap();
  const search = await triggerAt(bap.url, "search", { message: fixtures.messages.search.message });
  const select = await triggerAt(bap.url, "select", {
    context: { bpp_id: net.bppIdentity.subscriberId, bpp_uri: net.bpp.url },
    message: fixtures.messages.select.message,
  });
  expect(select.body.context["transaction_id"]).toBe(search.body.context["transaction_id"]);
});

test("the BAP's options set the default domain, city, country and ttl", async ({ net }) => {
  const bap = await net.startBap({ domain: "energy", city: "std:080", country: "IND", ttl: "PT5S" });
  const { body } = await triggerAt(bap.url, "search", { message: fixtures.messages.search.message });
  expect(body.context).toMatchObject({ domain: "energy", location: { country: { code: "IND" }, city: { code: "std:080" } }, ttl: "PT5S" });
});

test("a search keeps no bpp_id or bpp_uri unless the caller gives them", async ({ net }) => {
  const bap = await net.startBap();
  const { body } = await triggerAt(bap.url, "search", { message: fixtures.messages.search.message });
  expect([body.context["bpp_id"], body.context["bpp_uri"]]).toEqual([undefined, undefined]);
});
