import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { buildTransaction } from "../../fixtures/builders/index.js";
import { createIdentity, type Identity } from "../../mocks/common/identity.js";
import { MAX_OUTGOING_IN_FLIGHT, MAX_SEARCH_FANOUT } from "../../mocks/common/outgoing-budget.js";
import { sendSigned } from "../../mocks/common/send.js";
import { startNetwork, type RunningNetwork } from "../../mocks/network/index.js";
import { enrol } from "../../mocks/registry/index.js";
import { postRaw, type HttpOutcome } from "../../protocol/http/post.js";
import { generateEncryptionKeyPair, generateSigningKeyPair } from "../../protocol/keys.js";

/**
 * Every outgoing call of a mock has a budget (docs/limits.md "Outgoing calls"): with
 * MAX_OUTGOING_IN_FLIGHT calls waiting on a peer that never answers, the next request that would
 * need one more is refused at once with a 429 NACK and `Retry-After`, and the budget comes back
 * as soon as those calls settle. A search goes to at most MAX_SEARCH_FANOUT BPPs.
 */

/** A peer that accepts connections and never answers, until `drop()` resets them all. */
interface BlackHole {
  readonly url: string;
  readonly connections: () => number;
  drop(): void;
  close(): Promise<void>;
}

async function startBlackHole(): Promise<BlackHole> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const drop = (): void => {
    for (const socket of sockets) {
      socket.resetAndDestroy();
    }
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/peer`,
    connections: () => sockets.size,
    drop,
    close: () => {
      drop();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

let network: RunningNetwork;
let hole: BlackHole;

function register(identity: Identity, url: string, domain = network.domain): void {
  enrol(network.registry.handle.registry, identity, url, domain);
}

beforeAll(async () => {
  network = await startNetwork();
}, 20_000);
afterAll(async () => {
  await network?.stop();
});
afterEach(async () => {
  await hole?.close();
});

const isBusy = (outcome: HttpOutcome): boolean => outcome.kind === "response" && outcome.status === 429;

/** Sends `send(i)` one after another until one is refused as busy; the index of that one, or -1. */
async function untilBusy(limit: number, send: (i: number) => Promise<HttpOutcome>): Promise<{ index: number; outcome: HttpOutcome | undefined }> {
  for (let i = 0; i < limit; i += 1) {
    const outcome = await send(i);
    if (isBusy(outcome)) {
      return { index: i, outcome };
    }
  }
  return { index: -1, outcome: undefined };
}

function expectBusyNack(outcome: HttpOutcome | undefined, code: "30000" | "TRIGGER_BUSY"): void {
  expect(outcome).toMatchObject({ kind: "response", status: 429, headers: { "retry-after": "3" } });
  const body = outcome?.kind === "response" ? outcome.body : undefined;
  if (code === "30000") {
    expect(body).toMatchObject({ message: { ack: { status: "NACK" } }, error: { code: "30000" } });
  } else {
    expect(body).toMatchObject({ error: { code: "TRIGGER_BUSY" } });
  }
  expect(JSON.stringify(body)).toContain(`its limit of ${MAX_OUTGOING_IN_FLIGHT}`);
}

describe("outgoing calls have a budget", () => {
  test("the BAP's triggers: the one past the budget gets a 429 TRIGGER_BUSY, and the budget comes back", async () => {
    hole = await startBlackHole();
    const fire = (): Promise<HttpOutcome> =>
      postRaw(
        `${network.bap.url}/trigger/select`,
        JSON.stringify({ context: { bpp_id: "bpp.hole.test", bpp_uri: hole.url }, message: { order: { items: [] } } }),
        { "content-type": "application/json" },
        { timeoutMs: 20_000 },
      );
    const held = Array.from({ length: MAX_OUTGOING_IN_FLIGHT }, fire);
    await expect.poll(() => hole.connections(), { timeout: 10_000 }).toBe(MAX_OUTGOING_IN_FLIGHT);
    expectBusyNack(await fire(), "TRIGGER_BUSY");
    hole.drop();
    const settled = await Promise.all(held);
    expect(settled.every((o) => o.kind === "response" && o.status === 502)).toBe(true);
    expect(isBusy(await fire())).toBe(false);
  }, 30_000);

  test("the gateway: a search goes to at most MAX_SEARCH_FANOUT BPPs, and one past the budget gets a 429 NACK", async () => {
    hole = await startBlackHole();
    // A domain of their own, so that every search goes to these BPPs only (the network's BPP is in "trade").
    const domain = "budget.test";
    const bpps = Array.from({ length: MAX_SEARCH_FANOUT + 6 }, (_, i) => createIdentity("BPP", `bpp.hole-${i}.test`));
    bpps.forEach((bpp) => register(bpp, hole.url, domain));
    const bap = createIdentity("BAP", "bap.budget.test");
    register(bap, "http://127.0.0.1:9/bap");
    const search = () => {
      const message = buildTransaction({
        bapId: bap.subscriberId,
        bapUri: "http://127.0.0.1:9/bap",
        bppId: network.bpp.identity.subscriberId,
        bppUri: network.bpp.url,
      }).messages.search;
      return { ...message, context: { ...message.context, domain } };
    };
    const send = async () => (await sendSigned(bap, `${network.gateway.url}/search`, search())).outcome;
    // Each search is multicast after its ACK: wait until its forwards are all held before the next.
    for (let held = MAX_SEARCH_FANOUT; held <= MAX_OUTGOING_IN_FLIGHT; held += MAX_SEARCH_FANOUT) {
      expect(await send()).toMatchObject({ kind: "response", status: 200 });
      await expect.poll(() => hole.connections(), { timeout: 10_000 }).toBe(held);
    }
    const outcome = await send();
    expectBusyNack(outcome, "30000");
    hole.drop();
    const searches = () => network.gateway.handle.forwarded.fanouts().filter((f) => f.action === "search" && f.targets.length > 0);
    await expect.poll(() => searches().length, { timeout: 10_000 }).toBe(MAX_OUTGOING_IN_FLIGHT / MAX_SEARCH_FANOUT);
    expect(searches().map((f) => f.forwards.length)).toEqual(searches().map(() => MAX_SEARCH_FANOUT));
    await expect.poll(async () => isBusy(await send()), { timeout: 10_000 }).toBe(false);
  }, 30_000);

  test("the BPP: a request whose callback would go past the budget gets a 429 NACK", async () => {
    hole = await startBlackHole();
    const bap = createIdentity("BAP", "bap.budget-bpp.test");
    register(bap, hole.url);
    const select = () =>
      buildTransaction({ bapId: bap.subscriberId, bapUri: hole.url, bppId: network.bpp.identity.subscriberId, bppUri: network.bpp.url }).messages.select;
    const { index, outcome } = await untilBusy(MAX_OUTGOING_IN_FLIGHT + 10, async () => (await sendSigned(bap, `${network.bpp.url}/select`, select())).outcome);
    expect(index).toBe(MAX_OUTGOING_IN_FLIGHT);
    expectBusyNack(outcome, "30000");
    hole.drop();
    await expect.poll(async () => isBusy((await sendSigned(bap, `${network.bpp.url}/select`, select())).outcome), { timeout: 10_000 }).toBe(false);
  }, 30_000);

  test("the registry: a subscription whose challenge would go past the budget gets a 429 NACK", async () => {
    hole = await startBlackHole();
    const encryption = generateEncryptionKeyPair();
    const subscribe = (i: number) =>
      postRaw(
        `${network.registry.url}/subscribe`,
        JSON.stringify({
          subscriber_id: `bpp.sub-${i}.test`,
          url: hole.url,
          type: "BPP",
          domain: network.domain,
          unique_key_id: `k${i}`,
          signing_public_key: generateSigningKeyPair().publicKey,
          encr_public_key: encryption.publicKey,
        }),
        { "content-type": "application/json" },
      );
    const { index, outcome } = await untilBusy(MAX_OUTGOING_IN_FLIGHT + 10, subscribe);
    expect(index).toBe(MAX_OUTGOING_IN_FLIGHT);
    expectBusyNack(outcome, "30000");
    hole.drop();
    await expect.poll(async () => isBusy(await subscribe(10_000)), { timeout: 10_000 }).toBe(false);
  }, 30_000);
});
