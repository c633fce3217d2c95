import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { generateKeyFile, type KeyFile } from "../../cli/key-file.js";
import { createIdentity } from "../../mocks/common/identity.js";
import { startGateway } from "../../mocks/gateway/index.js";
import { enrol, startRegistry } from "../../mocks/registry/index.js";
import { createRegistryClient } from "../../protocol/registry-client.js";
import { startForwarder, type RunningForwarder } from "../../suites/core/observe/forwarder.js";
import type { ForwardedExchange } from "../../suites/core/observe/recording.js";
import { freePort, startCli } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-behind-forwarders-"));
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) {
    await stop();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** `mock <role>` as a process of its own; resolves with its first line once it printed it. */
async function startMock(role: "bap" | "bpp", args: readonly string[]): Promise<string> {
  const mock = await startCli(["mock", role, ...args], "\n");
  stops.push(async () => void (await mock.stop()));
  return mock.stdout().split("\n")[0] ?? "";
}

function keyFile(name: string): { path: string; keys: KeyFile } {
  const keys = generateKeyFile();
  const path = join(dir, `${name}.keys.json`);
  writeFileSync(path, JSON.stringify(keys), { mode: 0o600 });
  return { path, keys };
}

const contextOf = (e: ForwardedExchange): Record<string, unknown> =>
  (JSON.parse(e.request.body.bytes.toString("utf8")) as { context: Record<string, unknown> }).context;
const ackOf = (e: ForwardedExchange): unknown =>
  (JSON.parse(e.response?.body.bytes.toString("utf8") ?? "null") as { message?: { ack?: { status?: unknown } } })?.message?.ack?.status;

describe("mock bap and mock bpp behind recording forwarders (--public-url)", () => {
  test("the guide's flow passes through both forwarders: each context names the forwarders, every signature verifies", { timeout: 90_000 }, async () => {
    const registry = await startRegistry({ port: 0, identity: createIdentity("BG", "registry.p2p-conformance.local") });
    stops.push(() => registry.close());
    const client = createRegistryClient(registry.url);
    const gatewayId = createIdentity("BG", "gateway.p2p-conformance.local");
    const gateway = await startGateway({
      identity: gatewayId,
      lookup: (f) => client.lookup(f),
      lookupPublicKey: (s, k, type) => client.publicKeyFor(s, k, type),
      port: 0,
    });
    stops.push(() => gateway.close());
    const [bapPort, bppPort] = [await freePort(), await freePort()];
    const forwarders: Record<"bap" | "bpp", RunningForwarder> = {
      bap: await startForwarder({ target: `http://127.0.0.1:${bapPort}` }),
      bpp: await startForwarder({ target: `http://127.0.0.1:${bppPort}` }),
    };
    stops.push(
      () => forwarders.bap.close(),
      () => forwarders.bpp.close(),
    );
    const [bapKeys, bppKeys] = [keyFile("bap"), keyFile("bpp")];
    const common = ["--registry-url", registry.url];
    const bapLine = await startMock("bap", [
      ...common,
      "--gateway-url",
      gateway.url,
      "--port",
      String(bapPort),
      "--key-file",
      bapKeys.path,
      "--public-url",
      forwarders.bap.url,
    ]);
    const bppLine = await startMock("bpp", [...common, "--port", String(bppPort), "--key-file", bppKeys.path, "--public-url", forwarders.bpp.url]);
    expect(bapLine).toBe(`bap ${forwarders.bap.url} bap.reference.p2p-conformance.local ${bapKeys.keys.signing_public_key}`);
    expect(bppLine).toBe(`bpp ${forwarders.bpp.url} bpp.reference.p2p-conformance.local ${bppKeys.keys.signing_public_key}`);
    const identity = (type: "BAP" | "BPP", id: string, keys: KeyFile) => ({
      subscriberId: id,
      type,
      uniqueKeyId: keys.unique_key_id,
      signingPublicKey: keys.signing_public_key,
      encryptionPublicKey: keys.encr_public_key,
    });
    enrol(registry.registry, gatewayId, gateway.url, "trade");
    enrol(registry.registry, identity("BAP", "bap.reference.p2p-conformance.local", bapKeys.keys), forwarders.bap.url, "trade");
    enrol(registry.registry, identity("BPP", "bpp.reference.p2p-conformance.local", bppKeys.keys), forwarders.bpp.url, "trade");

    const flow = await fetch(`http://127.0.0.1:${bapPort}/trigger/flow`, { method: "POST" });
    const result = (await flow.json()) as { bpp_uri?: string; error?: unknown };
    expect(result.error).toBeUndefined();
    expect(flow.status).toBe(200);
    expect(result.bpp_uri).toBe(forwarders.bpp.url);

    const toBpp = forwarders.bpp.exchanges();
    const toBap = forwarders.bap.exchanges();
    expect(toBpp.map((e) => e.request.path)).toEqual(expect.arrayContaining(["/search", "/select", "/init", "/confirm"]));
    expect(toBap.map((e) => e.request.path)).toEqual(expect.arrayContaining(["/on_search", "/on_select", "/on_init", "/on_confirm"]));
    for (const e of [...toBpp, ...toBap]) {
      // An ACK from the receiver: it verified the sender's signature over the bytes the forwarder passed on.
      expect([e.request.path, e.outcome, e.response?.status, ackOf(e)]).toEqual([e.request.path, "answered", 200, "ACK"]);
      expect(contextOf(e)).toMatchObject({ bap_uri: forwarders.bap.url });
    }
    for (const e of toBap) {
      expect(contextOf(e)).toMatchObject({ bpp_uri: forwarders.bpp.url });
    }
  });
});
