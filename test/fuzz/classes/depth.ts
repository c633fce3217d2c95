import { randomUUID } from "node:crypto";
import { MAX_BECKN_DEPTH } from "../../../protocol/json/depth.js";
import { becknEndpoints } from "../endpoints.js";
import type { Answer, FuzzRequest } from "../fuzz-request.js";
import type { FuzzClass, Kit } from "../kit.js";
import { guideMessage, messageFor, spliced, wireOf, type Path } from "../messages.js";

/**
 * Finding 5, deep nesting: objects and arrays nested from just past the depth limit to 20,000
 * levels, at the positions the schemas and the rule walks visit, to every Beckn endpoint (signed
 * and unsigned), every trigger and the registry. Each must be a coded 400; the BAP's
 * `GET /exchanges`, which shows what it kept, must still answer afterwards.
 */
const DEPTHS = [MAX_BECKN_DEPTH + 1, 200, 1000, 5000, 20_000];
const POSITIONS: readonly Path[] = [
  ["message", "order", "items", 0],
  ["message", "order", "fulfillments", 0, "stops", 0],
  ["message", "order", "billing"],
  ["message", "order", "tags"],
  ["message", "catalog", "providers", 0],
  ["message", "intent", "fulfillment"],
  ["context", "location"],
  ["message", "fuzz"],
];

/** A value nested `depth` deep, of objects, arrays or both, as JSON text. */
function nested(kit: Kit, depth: number): string {
  const kind = kit.pick(["object", "array", "mixed"]);
  const open = kind === "object" ? () => '{"a":' : kind === "array" ? () => "[" : () => (kit.random() < 0.5 ? '{"a":' : "[");
  const opens = Array.from({ length: depth - 1 }, open);
  const closes = opens.map((o) => (o === "[" ? "]" : "}")).reverse();
  return `${opens.join("")}{}${closes.join("")}`;
}

const refusedDeep = (answer: Answer): string | undefined => (answer.status === 400 ? undefined : "a body nested past the limit must get HTTP 400");

function becknMutations(kit: Kit): FuzzRequest[] {
  return becknEndpoints(kit).map((e) => {
    const depth = kit.pick(DEPTHS);
    const path = kit.pick(POSITIONS);
    const signed = kit.random() < 0.6;
    return {
      name: `${e.name}: ${path.join(".")} nested ${depth} deep, ${signed ? `signed by ${e.signer.subscriberId}` : "unsigned"}`,
      url: e.url,
      answer: "beckn" as const,
      wire: wireOf(spliced(messageFor(e.action, e.parties), path, nested(kit, depth)), signed ? { by: e.signer } : undefined),
      also: refusedDeep,
    };
  });
}

function triggerMutations(kit: Kit): FuzzRequest[] {
  return ["search", "select", "init", "confirm", "status", "update", "flow"].map((action) => {
    const depth = kit.pick(DEPTHS);
    const input = {
      context: { bpp_id: kit.fuzz.network.bpp.identity.subscriberId, bpp_uri: kit.urls.bpp, transaction_id: randomUUID() },
      message: guideMessage(action === "flow" ? "select" : action)["message"],
    };
    const path = kit.pick([
      ["message", "order", "items", 0],
      ["message", "deep"],
      ["context", "location"],
    ] as const);
    return {
      name: `bap /trigger/${action}: ${path.join(".")} nested ${depth} deep`,
      url: `${kit.urls.bap}/trigger/${action}`,
      answer: "trigger" as const,
      wire: wireOf(spliced(input, path, nested(kit, depth))),
      also: refusedDeep,
    };
  });
}

function registryMutations(kit: Kit): FuzzRequest[] {
  return (["lookup", "subscribe"] as const).flatMap((path) =>
    [kit.pick(DEPTHS.slice(0, 4)), kit.pick(DEPTHS.slice(0, 4))].map((depth) => {
      const field = kit.pick(["subscriber_id", "type", "domain", "url", "fuzz"]);
      return {
        name: `registry /${path}: ${field} nested ${depth} deep`,
        url: `${kit.urls.registry}/${path}`,
        answer: path,
        wire: wireOf(spliced({ domain: kit.fuzz.network.domain }, [field], nested(kit, depth))),
        also: refusedDeep,
      };
    }),
  );
}

export const depthClass = (): FuzzClass => ({
  id: "depth",
  title: "finding 5: deep nesting at schema positions, signed and unsigned, to every mock and trigger",
  seed: 5,
  requests: (kit) => [
    ...becknMutations(kit),
    ...triggerMutations(kit),
    ...registryMutations(kit),
    // What the BAP kept of all this (refused bodies included) must still be shown, quickly.
    { name: "bap GET /exchanges", url: `${kit.urls.bap}/exchanges`, answer: "exchanges", get: true },
  ],
});
