import { randomUUID } from "node:crypto";
import type { Identity } from "../../../mocks/common/identity.js";
import type { FuzzRequest } from "../fuzz-request.js";
import { BODY_LIMIT, OVER, REGISTRY_LIMIT, UNDER, type FuzzClass, type Kit } from "../kit.js";
import { guideMessage, messageFor, sizedBody, wireOf, type Json, type Parties, type Path } from "../messages.js";

/**
 * Finding 2, work that grows faster than the body: long arrays of nulls, objects and prices at
 * the positions the schemas and rule walks visit (items, fulfillments, providers, tags, stops,
 * quote breakups), from 200 KB to just under and just over the body limit, to the BPP, the BAP's
 * callbacks and triggers, the gateway, and the registry's `/lookup` and `/subscribe`.
 */
const ELEMENTS = [
  "null",
  "{}",
  '{"price":{}}',
  '{"price":{"value":"x","currency":"USD"}}',
  '{"id":"x","quantity":{}}',
  "0",
  '"x"',
  "[]",
  '{"descriptor":{"code":"x"},"list":[]}',
];

const ORDER: readonly Path[] = [
  ["message", "order", "items"],
  ["message", "order", "fulfillments"],
  ["message", "order", "fulfillments", 0, "stops"],
  ["message", "order", "tags"],
  ["message", "order", "items", 0, "tags"],
  ["message", "order", "quote", "breakup"],
];
const INTENT: readonly Path[] = [
  ["message", "intent", "fulfillment", "stops"],
  ["message", "intent", "tags"],
  ["message", "intent", "item", "tags"],
  ["message", "intent", "providers"],
];
const CATALOG: readonly Path[] = [
  ["message", "catalog", "providers"],
  ["message", "catalog", "providers", 0, "items"],
  ["message", "catalog", "providers", 0, "fulfillments"],
  ["message", "catalog", "providers", 0, "items", 0, "tags"],
  ["message", "catalog", "providers", 0, "items", 0, "tags", 0, "list"],
];
const positionsOf = (action: string): readonly Path[] => (action.endsWith("search") ? (action === "search" ? INTENT : CATALOG) : ORDER);

/** 200 KB (finding 2's size), 500 KB, just under the limit (twice as likely), or just over it. */
const sizeOf = (kit: Kit): number => kit.pick([200 * 1024, 500 * 1024, UNDER(BODY_LIMIT), UNDER(BODY_LIMIT), OVER(BODY_LIMIT)]);

interface Target {
  readonly name: string;
  readonly url: string;
  readonly action: string;
  readonly answer: FuzzRequest["answer"];
  readonly body: () => Json;
  readonly signer?: Identity;
}

function mutation(kit: Kit, target: Target): { bytes: number; request: FuzzRequest } {
  const element = kit.pick(ELEMENTS);
  const path = kit.pick(positionsOf(target.action));
  const bytes = sizeOf(kit);
  const request = {
    name: `${target.name}: ${path.join(".")} = [${element}, …] (${Math.round(bytes / 1024)} KB)${target.signer ? `, signed by ${target.signer.subscriberId}` : ""}`,
    url: target.url,
    answer: target.answer,
    wire: wireOf(sizedBody(target.body(), path, element, bytes), target.signer ? { by: target.signer } : undefined),
  };
  return { bytes, request };
}

function targets(kit: Kit): Target[] {
  const { bapA, bpp } = kit.fuzz.subscribers;
  const bppParties = (): Parties => kit.toBpp(bapA, randomUUID());
  const toBpp = (action: string): Target => ({
    name: `bpp /${action}`,
    url: `${kit.urls.bpp}/${action}`,
    action,
    answer: "beckn",
    body: () => messageFor(action, bppParties()),
    signer: bapA,
  });
  const toBap = (action: string): Target => ({
    name: `bap /${action}`,
    url: `${kit.urls.bap}/${action}`,
    action,
    answer: "beckn",
    body: () => messageFor(action, kit.toBap()),
    signer: bpp,
  });
  const trigger = (action: string): Target => ({
    name: `bap /trigger/${action}`,
    url: `${kit.urls.bap}/trigger/${action}`,
    action,
    answer: "trigger",
    body: () => ({ context: { bpp_id: kit.fuzz.network.bpp.identity.subscriberId, bpp_uri: kit.urls.bpp }, message: guideMessage(action)["message"] }),
  });
  const onSearchParties = { bapId: bapA.subscriberId, bapUri: kit.fuzz.inboxes.bapA.url, bppId: bpp.subscriberId, bppUri: kit.fuzz.inboxes.bpp.url };
  return [
    ...["select", "init", "confirm", "search"].flatMap((a) => [toBpp(a), toBpp(a), toBpp(a)]),
    ...["on_search", "on_select", "on_init", "on_confirm", "on_status"].flatMap((a) => [toBap(a), toBap(a)]),
    ...["select", "init", "confirm", "search"].flatMap((a) => [trigger(a), trigger(a)]),
    ...[1, 2].flatMap(() => [
      {
        name: "gateway /search",
        url: `${kit.urls.gateway}/search`,
        action: "search",
        answer: "beckn" as const,
        body: () => messageFor("search", { bapId: bapA.subscriberId, bapUri: kit.fuzz.inboxes.bapA.url }),
        signer: bapA,
      },
      {
        name: "gateway /on_search",
        url: `${kit.urls.gateway}/on_search`,
        action: "on_search",
        answer: "beckn" as const,
        body: () => messageFor("on_search", onSearchParties),
        signer: bpp,
      },
    ]),
  ];
}

const REGISTRY_FIELDS = ["subscriber_id", "type", "domain", "city", "country", "unique_key_id", "url", "signing_public_key"];

/** The registry's lookup and subscription, with an array as long as its body limit allows in one field. */
function registryMutations(kit: Kit): FuzzRequest[] {
  const { bapA } = kit.fuzz.subscribers;
  return [1, 2, 3].flatMap(() => {
    const element = kit.pick(ELEMENTS);
    const field = kit.pick(REGISTRY_FIELDS);
    const subscription = {
      subscriber_id: `${randomUUID()}.fuzz.test`,
      url: "http://127.0.0.1:9/",
      type: "BAP",
      domain: kit.fuzz.network.domain,
      unique_key_id: randomUUID(),
      signing_public_key: bapA.signingPublicKey,
      encr_public_key: bapA.encryptionPublicKey,
    };
    const bytes = kit.random() < 0.2 ? OVER(REGISTRY_LIMIT) : UNDER(REGISTRY_LIMIT);
    return [
      {
        name: `registry /lookup: ${field} = [${element}, …] (${Math.round(bytes / 1024)} KB)`,
        url: `${kit.urls.registry}/lookup`,
        answer: "lookup" as const,
        wire: wireOf(sizedBody({}, [field], element, bytes)),
      },
      {
        name: `registry /subscribe: ${field} = [${element}, …] (${Math.round(bytes / 1024)} KB)`,
        url: `${kit.urls.registry}/subscribe`,
        answer: "subscribe" as const,
        wire: wireOf(sizedBody(subscription, [field], element, bytes)),
      },
    ];
  });
}

export const workClass = (): FuzzClass => ({
  id: "work",
  title: "finding 2: long arrays at schema positions, under and over the body limit",
  seed: 2,
  // Smallest bodies first: where work is super-linear, the class fails (and stops) on the cheap ones.
  requests: (kit) => [
    ...registryMutations(kit),
    ...targets(kit)
      .map((t) => mutation(kit, t))
      .sort((a, b) => a.bytes - b.bytes)
      .map((m) => m.request),
  ],
});
