import { randomUUID } from "node:crypto";
import type { Answer, FuzzRequest } from "../fuzz-request.js";
import type { FuzzClass, Kit } from "../kit.js";
import { guideMessage, messageFor, wireOf } from "../messages.js";

/**
 * Finding 3, loops: triggers whose `bpp_uri` is the BAP itself, a `/trigger` path or another mock;
 * signed requests whose `bap_uri` points back at the mocks; searches and on_searches through the
 * gateway whose `bap_uri` is the gateway, with registered and unregistered `bap_id`s; subscriptions
 * whose `subscriber_url` is a mock. The runner shows the network goes quiet with a bounded number
 * of requests; this class adds that the documented refusals happen and that nothing reaches the bait.
 */
const refusedWith =
  (status: number, code?: string) =>
  (answer: Answer): string | undefined => {
    const got = (answer.body as { error?: { code?: unknown } } | undefined)?.error?.code;
    return answer.status === status && (code === undefined || got === code) ? undefined : `expected HTTP ${status}${code ? ` ${code}` : ""}`;
  };

/** Spellings of the mocks' own addresses: what a request must not make a mock call. */
function mockTargets(kit: Kit): { name: string; url: string; forbidden: boolean }[] {
  const { bap, gateway, bpp, registry, grid } = kit.urls;
  return [
    { name: "the BAP itself", url: bap, forbidden: true },
    { name: "the BAP as localhost", url: bap.replace("127.0.0.1", "localhost"), forbidden: true },
    { name: "the BAP's /trigger", url: `${bap}/trigger`, forbidden: true },
    { name: "the BAP's /trigger/select", url: `${bap}/trigger/select`, forbidden: true },
    { name: "the BPP's /trigger", url: `${bpp}/trigger`, forbidden: true },
    { name: "the gateway", url: gateway, forbidden: false },
    { name: "the gateway's /trigger", url: `${gateway}/trigger`, forbidden: true },
    { name: "the registry", url: registry, forbidden: false },
    { name: "the grid", url: grid, forbidden: false },
  ];
}

function triggers(kit: Kit): FuzzRequest[] {
  return Array.from({ length: 12 }, () => {
    const target = kit.pick(mockTargets(kit));
    const action = kit.pick(["select", "init", "confirm", "status", "search"]);
    const input = { context: { bpp_id: kit.fuzz.network.bpp.identity.subscriberId, bpp_uri: target.url }, message: guideMessage(action)["message"] };
    return {
      name: `bap /trigger/${action}: bpp_uri = ${target.name}`,
      url: `${kit.urls.bap}/trigger/${action}`,
      answer: "trigger" as const,
      wire: wireOf(JSON.stringify(input)),
      ...(target.forbidden ? { also: refusedWith(400, "TRIGGER_FORBIDDEN_TARGET") } : {}),
    };
  });
}

/** Signed by bapA to the BPP, with a `bap_uri` that is a mock, not bapA's registered URL: refused, nothing sent. */
function callbacksToMocks(kit: Kit): FuzzRequest[] {
  const { bapA } = kit.fuzz.subscribers;
  const targets = [...mockTargets(kit), { name: "the BPP itself", url: kit.urls.bpp, forbidden: true }];
  return Array.from({ length: 8 }, () => {
    const target = kit.pick(targets);
    const action = kit.pick(["select", "init", "confirm", "status", "search"]);
    const body = messageFor(action, { ...kit.toBpp(bapA), bapUri: target.url });
    return {
      name: `bpp /${action}: bap_uri = ${target.name}, signed by bapA`,
      url: `${kit.urls.bpp}/${action}`,
      answer: "beckn" as const,
      wire: wireOf(JSON.stringify(body), { by: bapA }),
      also: refusedWith(400, "30000"),
    };
  });
}

function throughGateway(kit: Kit): FuzzRequest[] {
  const { bapA, bpp, bg } = kit.fuzz.subscribers;
  const { gateway, bap, bait } = kit.urls;
  const uris = [gateway, `${gateway}/on_search`, `${bap}/trigger`, bait];
  const bapIds = [
    { id: `nobody.${randomUUID()}.fuzz.test`, registered: false },
    { id: bapA.subscriberId, registered: true },
    { id: kit.fuzz.network.bap.identity.subscriberId, registered: true },
    { id: bpp.subscriberId, registered: false },
    { id: bg.subscriberId, registered: false },
  ];
  const searches = uris.map((uri) => {
    const body = messageFor("search", { bapId: bapA.subscriberId, bapUri: uri });
    return {
      name: `gateway /search: bap_uri = ${uri}, signed by bapA`,
      url: `${gateway}/search`,
      answer: "beckn" as const,
      wire: wireOf(JSON.stringify(body), { by: bapA }),
    };
  });
  const onSearches = Array.from({ length: 8 }, () => {
    const bapId = kit.pick(bapIds);
    const uri = kit.pick(uris);
    const body = messageFor("on_search", { bapId: bapId.id, bapUri: uri, bppId: bpp.subscriberId, bppUri: kit.fuzz.inboxes.bpp.url });
    return {
      name: `gateway /on_search: bap_id ${bapId.registered ? "registered as a BAP" : "not a registered BAP"} (${bapId.id}), bap_uri = ${uri}, signed by the fuzz BPP`,
      url: `${gateway}/on_search`,
      answer: "beckn" as const,
      wire: wireOf(JSON.stringify(body), { by: bpp }),
      ...(bapId.registered ? {} : { also: refusedWith(400, "30000") }),
    };
  });
  return [...searches, ...onSearches];
}

/** New subscribers whose subscriber_url is a mock: one challenge each, which fails. */
function subscriptionsToMocks(kit: Kit): FuzzRequest[] {
  const { bapA } = kit.fuzz.subscribers;
  return mockTargets(kit).map((target) => {
    const body = {
      subscriber_id: `loop.${randomUUID()}.fuzz.test`,
      url: target.url,
      type: kit.pick(["BAP", "BPP", "BG"]),
      domain: kit.fuzz.network.domain,
      unique_key_id: randomUUID(),
      signing_public_key: bapA.signingPublicKey,
      encr_public_key: bapA.encryptionPublicKey,
    };
    return {
      name: `registry /subscribe: subscriber_url = ${target.name}`,
      url: `${kit.urls.registry}/subscribe`,
      answer: "subscribe" as const,
      wire: wireOf(JSON.stringify(body)),
    };
  });
}

export const loopsClass = (): FuzzClass => {
  let baitBefore = 0;
  return {
    id: "loops",
    title: "finding 3: bpp_uri, bap_uri and subscriber_url pointing at the mocks, unregistered bap_id on on_search",
    seed: 3,
    prepare: async (kit) => {
      baitBefore = kit.fuzz.traffic.counts()["bait"] ?? 0;
    },
    requests: (kit) => [...triggers(kit), ...callbacksToMocks(kit), ...throughGateway(kit), ...subscriptionsToMocks(kit)],
    verify: async (kit) => {
      const bait = (kit.fuzz.traffic.counts()["bait"] ?? 0) - baitBefore;
      return bait === 0 ? [] : [`a mock sent ${bait} requests to a URL registered nowhere (the bait)`];
    },
  };
};
