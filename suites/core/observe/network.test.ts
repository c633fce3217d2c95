import { afterEach, describe, expect, test } from "vitest";
import { createIdentity } from "../../../mocks/common/identity.js";
import { createRegistryClient } from "../../../protocol/registry-client.js";
import { startObservedNetwork, type ObservedNetwork } from "./network.js";

const bpp = createIdentity("BPP", "bpp.network-test.example");
const participant = { name: "seller", role: "bpp", target: "http://127.0.0.1:9", sutId: bpp.subscriberId, sutKey: bpp.signingPublicKey } as const;
const SETTINGS = { host: "127.0.0.1", registryPort: 0, gatewayPort: 0, domain: "trade", profile: "p2p-trade-guide-v1", ackTimeoutMs: 1000 } as const;

let net: ObservedNetwork | undefined;
afterEach(async () => {
  await net?.close();
  net = undefined;
});

describe("the network observe stands up", () => {
  test("each participant is registered under its forwarder's URL, with the key it gave (key id 'default' when it gave none)", async () => {
    net = await startObservedNetwork([participant], SETTINGS);
    const [seller] = net.parties;
    expect(seller).toMatchObject({ name: "seller", subscriberId: bpp.subscriberId, uniqueKeyId: "default", forwardsTo: "http://127.0.0.1:9" });
    expect(seller?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const [entry] = await createRegistryClient(net.registryUrl).lookup({ subscriber_id: bpp.subscriberId });
    expect([entry?.subscriber_url, entry?.signing_public_key, entry?.unique_key_id]).toEqual([seller?.url, bpp.signingPublicKey, "default"]);
    expect(net.records().map((r) => [r.name, r.url])).toEqual([
      ["gateway", net.gatewayUrl],
      ["seller", seller?.url],
    ]);
  });

  test("--public-host puts the name participants reach the harness at in every URL it prints and registers", async () => {
    net = await startObservedNetwork([participant], { ...SETTINGS, publicHost: "localhost" });
    expect([net.registryUrl, net.gatewayUrl, net.parties[0]?.url]).toEqual([
      expect.stringMatching(/^http:\/\/localhost:\d+$/),
      expect.stringMatching(/^http:\/\/localhost:\d+$/),
      expect.stringMatching(/^http:\/\/localhost:\d+$/),
    ]);
    const [entry] = await createRegistryClient(net.registryUrl).lookup({ subscriber_id: bpp.subscriberId });
    expect(entry?.subscriber_url).toBe(net.parties[0]?.url);
  });

  test("a forwarder port that is taken stops the start with P2PC_ERR_PORT_IN_USE, and frees what it had started", async () => {
    net = await startObservedNetwork([participant], SETTINGS);
    const taken = Number(new URL(net.gatewayUrl).port);
    await expect(startObservedNetwork([participant], { ...SETTINGS, gatewayPort: taken })).rejects.toMatchObject({
      code: "P2PC_ERR_PORT_IN_USE",
      message: `Cannot start the forwarder in front of the gateway: port ${taken} is taken. Free it, or give another port.`,
    });
  });
});
