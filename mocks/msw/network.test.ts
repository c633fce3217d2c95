import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { validate } from "../../schemas/index.js";
import { createMswNetwork } from "./index.js";

const network = createMswNetwork();
const server = setupServer(...network.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(async () => {
  server.close();
  await network.close();
});

describe("the msw network", () => {
  test("answers a registry lookup in-process", async () => {
    const response = await fetch(`${network.urls.registry}/lookup`, { method: "POST", body: JSON.stringify({ type: "BPP" }) });
    const entries = (await response.json()) as { subscriber_id: string; subscriber_url: string }[];
    expect(entries).toEqual([expect.objectContaining({ subscriber_id: "bpp.p2p.mock", subscriber_url: network.urls.bpp })]);
  });

  test("refuses an unsigned search with a 401 NACK, as the HTTP mock does", async () => {
    const response = await fetch(`${network.urls.bpp}/search`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Signature realm="bpp\.p2p\.mock"/);
    expect(await response.json()).toMatchObject({ message: { ack: { status: "NACK" } }, error: { code: "10001" } });
  });

  test("replays the guide's flow through gateway, BPP and BAP with no socket", async () => {
    const response = await fetch(`${network.urls.bap}/trigger/flow`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(response.status).toBe(200);
    const transactionId = ((await response.json()) as { transactionId: string }).transactionId;
    const { callbacks } = network.bap.exchanges(transactionId);
    expect(callbacks.map((c) => c.action)).toEqual(expect.arrayContaining(["on_search", "on_select", "on_init", "on_confirm", "on_status", "on_update"]));
    for (const c of callbacks) {
      expect(c.verification.signature).toBe("verified");
      expect(validate(c.body).valid).toBe(true);
    }
  });
});
