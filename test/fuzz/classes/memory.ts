import { randomUUID } from "node:crypto";
import { becknEndpoints, objectPaths } from "../endpoints.js";
import type { FuzzRequest } from "../fuzz-request.js";
import { BODY_LIMIT, REGISTRY_LIMIT, UNDER, type FuzzClass, type Kit } from "../kit.js";
import { guideMessage, messageFor, sizedBody, spliced, wireOf, type Json, type Path } from "../messages.js";

/**
 * Finding 1, memory kept for requests: bodies of about 1 MB dense in `{}` (each parses into some
 * 340,000 objects) to every Beckn endpoint, signed and unsigned; select, init and confirm whose
 * billing, echoed context or ids are about 1 MB; triggers that make the BAP send such a body; the
 * registry's `/subscribe` with fields as long as its limit allows. Every round uses new
 * transactions, so a store that keeps bodies keeps each one.
 */
const ROUNDS = 2;
/** `{}` after `{}`: one array of some 340,000 objects, or arrays of 1000 (within any per-array limit) holding as many. */
const DENSE = { flat: "{}", chunked: `[${new Array<string>(1000).fill("{}").join(",")}]` } as const;
type Form = keyof typeof DENSE;
const FORMS = Object.keys(DENSE) as Form[];

/** A ~1 MB body for the endpoint's action, dense `{}` at one of its objects, picked by the PRNG. */
function denseAnywhere(kit: Kit, action: string, parties: Parameters<typeof messageFor>[1], form: Form): string {
  const body = messageFor(action, parties);
  const path: Path = [...kit.pick(objectPaths(body["message"]).map((p) => ["message", ...p])), "fuzz"];
  return sizedBody(body, path, DENSE[form], UNDER(BODY_LIMIT));
}

function everyEndpoint(kit: Kit): FuzzRequest[] {
  return becknEndpoints(kit).flatMap((e) =>
    (["signed", "unsigned"] as const).map((how) => {
      const form = kit.pick(FORMS);
      return {
        name: `${e.name}: ~1 MB dense in {} (${form}), ${how === "signed" ? `signed by ${e.signer.subscriberId}` : "unsigned"}`,
        url: e.url,
        answer: "beckn" as const,
        wire: wireOf(denseAnywhere(kit, e.action, e.parties, form), how === "signed" ? { by: e.signer } : undefined),
      };
    }),
  );
}

const HUGE_PARTS: readonly { readonly what: string; readonly text: (body: Json) => string }[] = [
  ...FORMS.flatMap((form) => [
    { what: `billing (${form})`, text: (body: Json) => sizedBody(body, ["message", "order", "billing", "fuzz"], DENSE[form], UNDER(BODY_LIMIT)) },
    {
      what: `context.location (${form}, echoed)`,
      text: (body: Json) => sizedBody(body, ["context", "location", "city", "fuzz"], DENSE[form], UNDER(BODY_LIMIT)),
    },
  ]),
  { what: "message_id (echoed, remembered)", text: (body) => spliced(body, ["context", "message_id"], JSON.stringify("m".repeat(UNDER(BODY_LIMIT) - 4096))) },
  {
    what: "fulfillment end meter (echoed)",
    text: (body) =>
      spliced(
        body,
        ["message", "order", "fulfillments", 0, "end", "location", "address"],
        JSON.stringify(`der://ssf.meter/${"9".repeat(UNDER(BODY_LIMIT) - 4096)}`),
      ),
  },
];

function hugeOrders(kit: Kit): FuzzRequest[] {
  const { bapA } = kit.fuzz.subscribers;
  return (["select", "init", "confirm"] as const).flatMap((action) =>
    HUGE_PARTS.map((part) => ({
      name: `bpp /${action}: ~1 MB ${part.what}, signed by bapA`,
      url: `${kit.urls.bpp}/${action}`,
      answer: "beckn" as const,
      wire: wireOf(part.text(messageFor(action, kit.toBpp(bapA, randomUUID()))), { by: bapA }),
    })),
  );
}

function hugeTriggers(kit: Kit): FuzzRequest[] {
  return (["select", "init", "confirm"] as const).map((action) => {
    const input = {
      context: { bpp_id: kit.fuzz.network.bpp.identity.subscriberId, bpp_uri: kit.urls.bpp, transaction_id: randomUUID() },
      message: guideMessage(action)["message"],
    };
    const form = kit.pick(FORMS);
    return {
      name: `bap /trigger/${action}: ~1 MB billing (${form})`,
      url: `${kit.urls.bap}/trigger/${action}`,
      answer: "trigger" as const,
      wire: wireOf(sizedBody(input, ["message", "order", "billing", "fuzz"], DENSE[form], UNDER(BODY_LIMIT))),
    };
  });
}

/** Subscriptions as long as the registry takes, each a new subscriber (a challenge to a closed port fails fast). */
function longSubscriptions(kit: Kit): FuzzRequest[] {
  const { bapA } = kit.fuzz.subscribers;
  return Array.from({ length: 5 }, (_, i) => {
    const id = `${"s".repeat(UNDER(REGISTRY_LIMIT) / 2)}.${i}.${randomUUID()}.fuzz.test`;
    const body = {
      subscriber_id: id,
      url: `http://127.0.0.1:9/${"u".repeat(UNDER(REGISTRY_LIMIT) / 4)}`,
      type: kit.pick(["BAP", "BPP", "BG"]),
      domain: kit.fuzz.network.domain,
      unique_key_id: randomUUID(),
      signing_public_key: bapA.signingPublicKey,
      encr_public_key: bapA.encryptionPublicKey,
    };
    return {
      name: `registry /subscribe: a ${Math.round(JSON.stringify(body).length / 1024)} KB subscription`,
      url: `${kit.urls.registry}/subscribe`,
      answer: "subscribe" as const,
      wire: wireOf(JSON.stringify(body)),
    };
  });
}

export const memoryClass = (): FuzzClass => ({
  id: "memory",
  title: "finding 1: 1 MB bodies dense in {} to every endpoint, huge billing and echoed objects",
  seed: 1,
  requests: (kit) => [
    ...everyEndpoint(kit),
    ...Array.from({ length: ROUNDS }, () => [...hugeOrders(kit), ...hugeTriggers(kit)]).flat(),
    ...longSubscriptions(kit),
    // Showing what the BAP kept must stay cheap however much it was sent.
    { name: "bap GET /exchanges", url: `${kit.urls.bap}/exchanges`, answer: "exchanges" as const, get: true as const },
  ],
});
