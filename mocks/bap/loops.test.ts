import type { AddressInfo } from "node:net";
import { expect, onTestFinished, test } from "vitest";
import { buildTransaction } from "../../fixtures/builders/index.js";
import { createIdentity } from "../common/identity.js";
import { buildBap } from "./app.js";
import { triggerAt } from "./testing/http.js";

const select = buildTransaction({ seed: 5 }).messages.select.message;

/** The BAP listening on loopback, counting every request that reaches it. */
async function countingBap(): Promise<{ url: string; requests: () => number }> {
  const { app, setPublicUrl } = buildBap({
    identity: createIdentity("BAP", "bap.loops.test"),
    lookupPublicKey: async () => undefined,
    gatewayUrl: "http://127.0.0.1:9",
    timeoutMs: 300,
  });
  let count = 0;
  app.addHook("onRequest", async () => {
    count += 1;
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  onTestFinished(() => app.close());
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  setPublicUrl(url);
  return { url, requests: () => count };
}

test.for([
  { name: "its own /trigger", bppUri: (url: string) => `${url}/trigger` },
  { name: "its own address under another loopback name", bppUri: (url: string) => url.replace("127.0.0.1", "localhost") },
])("a trigger whose bpp_uri is $name is refused with 400 and sends nothing to the BAP", async ({ bppUri }) => {
  const bap = await countingBap();
  const reply = await triggerAt(bap.url, "select", { context: { bpp_id: "bpp.test", bpp_uri: bppUri(bap.url) }, message: select });
  expect(reply.status).toBe(400);
  expect(reply.body.error?.code).toBe("TRIGGER_FORBIDDEN_TARGET");
  expect(bap.requests()).toBe(1);
});

test("a trigger aimed at another server's /trigger path is refused: two BAPs cannot drive each other", async () => {
  const bap = await countingBap();
  const reply = await triggerAt(bap.url, "select", { context: { bpp_id: "bpp.test", bpp_uri: "http://127.0.0.1:9/x/trigger" }, message: select });
  expect(reply.status).toBe(400);
  expect(reply.body.error?.code).toBe("TRIGGER_FORBIDDEN_TARGET");
});
