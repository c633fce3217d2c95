import { afterEach, describe, expect, test } from "vitest";
import { buildSelect } from "../../fixtures/builders/index.js";
import { GUIDE_TERMS, startTestNet, type TestNet } from "./testing/test-trade.js";
import { startReceiver, type Receiver } from "./testing/test-utils.js";
import { isUnderRegistered } from "./callback-target.js";

/**
 * issue 19 finding 6: the BPP calls back only to a bap_uri at or under the requesting BAP's
 * registered subscriber_url. A signed select pointing bap_uri at another server gets a coded 400
 * NACK naming context.bap_uri, and that server gets no request.
 */
let net: TestNet | undefined;
let other: Receiver | undefined;
afterEach(async () => {
  await net?.close();
  await other?.close();
});

describe("callback targets", () => {
  test("a signed select whose bap_uri is another local server: NACK 400, and nothing reaches that server", async () => {
    net = await startTestNet();
    other = await startReceiver();
    const context = net.context("select", { bapUri: `${other.url}/hook` });
    const response = await net.send("select", buildSelect({ context, ...GUIDE_TERMS }));
    await net.bpp.engine.idle();
    expect(other.received).toHaveLength(0);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ message: { ack: { status: "NACK" } }, error: { code: "30000", paths: "$.context.bap_uri" } });
  });

  test("a bap_uri under the registered URL is called back", async () => {
    net = await startTestNet();
    const trade = net.trade({ bapUri: `${net.bap.url}/` });
    const { response, callback } = await trade.select();
    expect(response.status).toBe(200);
    expect(callback.action).toBe("on_select");
  });

  test("at or under: same origin, the registered path as a whole-segment prefix", () => {
    expect(isUnderRegistered("http://a.example:80/bap/v1", "http://a.example/bap")).toBe(true);
    expect(isUnderRegistered("http://a.example/bap", "http://a.example/bap/")).toBe(true);
    expect(isUnderRegistered("http://a.example/bapx", "http://a.example/bap")).toBe(false);
    expect(isUnderRegistered("http://a.example:8080/bap", "http://a.example/bap")).toBe(false);
    expect(isUnderRegistered("https://a.example/bap", "http://a.example/bap")).toBe(false);
    expect(isUnderRegistered("http://u@a.example/bap", "http://a.example/bap")).toBe(false);
    expect(isUnderRegistered("not a url", "http://a.example/bap")).toBe(false);
  });
});
