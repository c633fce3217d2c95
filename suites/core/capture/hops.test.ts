import { describe, expect, test } from "vitest";
import type { CapturedMessage } from "./captured.js";
import { BAP_HOPS, BPP_HOPS, oneHopEach } from "./hops.js";

const GATEWAY_HEADERS = { authorization: "sig-of-sender", "x-gateway-authorization": "sig-of-gateway", "proxy-authorization": "sig-of-gateway" };

function message(action: string, url: string, relayed: boolean, rawBody = `{"context":{"action":"${action}","message_id":"m1"}}`): CapturedMessage {
  return {
    source: `${url}/${action}`,
    action,
    url: `${url}/${action}`,
    headers: relayed ? GATEWAY_HEADERS : { authorization: "sig-of-sender" },
    rawBody,
    body: JSON.parse(rawBody) as unknown,
    at: 0,
  };
}

const where = (messages: readonly CapturedMessage[]): string[] => messages.map((m) => m.source);

describe("one hop of each message captured at both ends of a gateway", () => {
  const sentToGateway = message("search", "http://gateway", false);
  const relayedToA = message("search", "http://bpp-a", true);
  const relayedToB = message("search", "http://bpp-b", true);
  const onSearchToGateway = message("on_search", "http://gateway", false);
  const onSearchRelayed = message("on_search", "http://bap", true);
  const all = [sentToGateway, relayedToA, relayedToB, onSearchToGateway, onSearchRelayed];

  test("a BPP is judged on the searches as relayed to each BPP and on its on_search as it sent it", () => {
    expect(where(oneHopEach(all, BPP_HOPS))).toEqual(["http://bpp-a/search", "http://bpp-b/search", "http://gateway/on_search"]);
  });

  test("a BAP is judged on its search as it sent it and on the on_search as relayed to it", () => {
    expect(where(oneHopEach(all, BAP_HOPS))).toEqual(["http://gateway/search", "http://bap/on_search"]);
  });

  test("a message captured once stays, whatever its hop", () => {
    expect(where(oneHopEach([relayedToA, onSearchToGateway], BAP_HOPS))).toEqual(["http://bpp-a/search", "http://gateway/on_search"]);
    expect(where(oneHopEach([sentToGateway, onSearchRelayed], BPP_HOPS))).toEqual(["http://gateway/search", "http://bap/on_search"]);
  });

  test("two messages with other bytes are two messages, though they share a message_id", () => {
    const other = message("search", "http://bpp-a", true, `{"context":{"action":"search","message_id":"m1"},"message":{}}`);
    expect(where(oneHopEach([sentToGateway, other], BPP_HOPS))).toEqual(["http://gateway/search", "http://bpp-a/search"]);
  });
});
