import { setTimeout as delay } from "node:timers/promises";
import type { FastifyInstance } from "fastify";
import { ERROR, nackBody } from "../../protocol/ack.js";
import type { Clock } from "../../protocol/clock.js";
import type { LookupFilter, SubscriberEntry } from "../../protocol/registry-client.js";
import type { ProfileName } from "../../schemas/index.js";
import { becknRoute, createBecknApp, DEFAULT_BODY_LIMIT, sendAck } from "../common/beckn-receiver.js";
import { onSubscribeRoute, type ChallengeKeys } from "../common/on-subscribe.js";
import type { Identity } from "../common/identity.js";
import type { BecknInbound, InboundOptions, RoleKeyLookup } from "../common/inbound.js";
import { expiredOnArrival } from "../common/message-expiry.js";
import { endpoint } from "../common/send.js";
import { gatewayFaults, type GatewayFaultId } from "./faults.js";
import { gatewayVariants, type GatewayVariantId } from "./variants.js";
import { busyAnswer, MAX_SEARCH_FANOUT, OutgoingBudget } from "../common/outgoing-budget.js";
import { forwardOne, notSent, outgoing, TEXT_PLAIN, type ForwardTarget } from "./forward.js";
import { ForwardLog, type Fanout } from "./forward-log.js";
import { allowedTargets, registeredBapTarget, relayedBefore, type Refusal } from "./loops.js";
import { matchingBpps, searchTargetOf, subscriberUrl } from "./matching.js";

/** How long `gw.slow-ack` holds the ACK of a search: past the 3 s ACK deadline. */
export const SLOW_ACK_MS = 3500;

export interface GatewayOptions {
  readonly identity: Identity;
  /** A registry lookup: the gateway asks for `{ type: "BPP" }` and chooses the recipients itself. */
  readonly lookup: (filter: LookupFilter) => Promise<SubscriberEntry[]>;
  /** Signing keys; binds them to roles when it honours the type it is given (mocks/common/inbound.ts). */
  readonly lookupPublicKey: RoleKeyLookup;
  readonly profile?: ProfileName;
  readonly now?: Clock;
  readonly faults?: Iterable<string>;
  /** Variants (mocks/gateway/variants.ts); an unknown id throws. */
  readonly variants?: Iterable<string>;
  /** How many fan-outs the log keeps (oldest dropped); defaults to 1000. */
  readonly maxForwards?: number;
  /** The deadline of each forward; defaults to 3000 ms. */
  readonly timeoutMs?: number;
  /** Keys to answer a registry's on_subscribe challenge with, when the gateway subscribes itself. */
  readonly challengeKeys?: () => ChallengeKeys | undefined;
}

export interface Gateway {
  readonly app: FastifyInstance;
  readonly forwarded: ForwardLog;
}

const idOf = (context: Record<string, unknown>, key: string): string | undefined => (typeof context[key] === "string" ? (context[key] as string) : undefined);

interface Relay {
  readonly opts: GatewayOptions;
  readonly faults: ReadonlySet<GatewayFaultId>;
  readonly variants: ReadonlySet<GatewayVariantId>;
  readonly log: ForwardLog;
  /** The forwards in flight, bounded (docs/limits.md "Outgoing calls"). */
  readonly outgoing: OutgoingBudget;
}

async function fanOut(relay: Relay, action: Fanout["action"], inbound: BecknInbound, choose: () => Promise<ForwardTarget[]>): Promise<void> {
  const base = { action, transactionId: idOf(inbound.context, "transaction_id"), messageId: idOf(inbound.context, "message_id") };
  try {
    const targets = (await choose()).slice(0, MAX_SEARCH_FANOUT);
    const out = outgoing(relay.opts.identity, inbound, relay.faults, relay.variants);
    const forwards = await Promise.all(
      targets.map(
        async (to) =>
          (await relay.outgoing.spend(() => forwardOne(action, inbound, out, to, relay.opts.timeoutMs ?? 3000))) ?? notSent(action, inbound, out, to),
      ),
    );
    relay.log.add({ ...base, targets: targets.map((t) => t.target), forwards, atMs: Date.now() });
  } catch (error) {
    relay.log.add({ ...base, targets: [], forwards: [], error: (error as Error).message, atMs: Date.now() });
  }
}

/** The BPPs a search goes to (see matching.ts). */
async function searchTargets(relay: Relay, inbound: BecknInbound): Promise<ForwardTarget[]> {
  const entries = await relay.opts.lookup({ type: "BPP" });
  return matchingBpps(entries, searchTargetOf(inbound.context), relay.faults).flatMap((entry) => {
    const url = subscriberUrl(entry);
    return url ? allowedTargets([{ target: entry.subscriber_id, url: endpoint(url, "search") }]) : [];
  });
}

/** The BAP an on_search goes back to: its registered URL, never the context's `bap_uri`; an unregistered BAP is refused. */
async function onSearchTarget(relay: Relay, inbound: BecknInbound): Promise<ForwardTarget | Refusal> {
  const bapId = idOf(inbound.context, "bap_id");
  const entries = bapId ? await relay.opts.lookup({ subscriber_id: bapId, type: "BAP" }).catch(() => []) : [];
  const entry = entries.find((e) => e.subscriber_id === bapId && e.type === "BAP");
  const registered = entry ? subscriberUrl(entry) : undefined;
  return registeredBapTarget(bapId, registered, registered ? endpoint(registered, "on_search") : "");
}

/** The NACK of a message whose timestamp + ttl had passed when it arrived (unless gw.accept-stale). */
function staleAnswer(relay: Relay, received: BecknInbound): Refusal | undefined {
  const now = relay.opts.now?.() ?? Date.now();
  if (relay.faults.has("gw.accept-stale") || !expiredOnArrival(received.context, now)) {
    return undefined;
  }
  return {
    status: 400,
    body: nackBody({
      code: ERROR.invalidRequest,
      message: "The message expired before it arrived: context.timestamp + context.ttl has passed.",
      paths: "$.context.timestamp",
    }),
  };
}

/** The 429 NACK of a message the gateway has no room to relay: its forwards in flight are at their limit. */
function busy(relay: Relay): Refusal | undefined {
  return relay.outgoing.fits() ? undefined : busyAnswer("gateway", relay.outgoing);
}

/** gw.verify-reserialised: every JSON body is replaced by its compact re-serialisation before anything reads it. */
function reserialiseBodies(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    if (Buffer.isBuffer(request.body)) {
      try {
        request.body = Buffer.from(JSON.stringify(JSON.parse(request.body.toString("utf8"))));
      } catch {
        // not JSON: the pipeline refuses it as it is
      }
    }
  });
}

/**
 * How the gateway declares its answers, once serialised (the bytes stay as they are): fastify's
 * `application/json; charset=utf-8` by default, bare `application/json` under gateway.json-no-charset,
 * `text/plain` under gw.text-content-type.
 */
function declareAnswers(app: FastifyInstance, relay: Relay): void {
  const declared = relay.faults.has("gw.text-content-type") ? TEXT_PLAIN : relay.variants.has("gateway.json-no-charset") ? "application/json" : undefined;
  if (declared === undefined) {
    return;
  }
  app.addHook("onSend", async (_request, reply, payload) => {
    if (String(reply.getHeader("content-type") ?? "").startsWith("application/json")) {
      reply.header("content-type", declared);
    }
    return payload;
  });
}

/**
 * The mock Beckn gateway (BG): verifies the sender, ACKs at once, then multicasts a search to the
 * matching BPPs and relays each on_search to its BAP, always forwarding the exact bytes it got.
 */
export function buildGateway(opts: GatewayOptions): Gateway {
  const faults = gatewayFaults(opts.faults);
  const relay: Relay = { opts, faults, variants: gatewayVariants(opts.variants), log: new ForwardLog(opts.maxForwards), outgoing: new OutgoingBudget() };
  const app = createBecknApp({ bodyLimit: DEFAULT_BODY_LIMIT });
  const inbound: InboundOptions = {
    realm: opts.identity.subscriberId,
    lookupPublicKey: opts.lookupPublicKey,
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    skip: () => ({ signature: faults.has("gw.accept-bad-signature") }),
  };
  if (faults.has("gw.verify-reserialised")) {
    reserialiseBodies(app);
  }
  becknRoute(app, "search", inbound, async (received, reply) => {
    const stale = relayedBefore(opts.identity.subscriberId, received) ?? staleAnswer(relay, received) ?? busy(relay);
    if (stale) {
      return reply
        .code(stale.status)
        .headers(stale.headers ?? {})
        .type("application/json")
        .send(stale.body);
    }
    void fanOut(relay, "search", received, () => searchTargets(relay, received));
    if (faults.has("gw.slow-ack")) {
      await delay(SLOW_ACK_MS);
    }
    return faults.has("gw.empty-ack") ? reply.code(200).type("application/json").send("") : sendAck(reply);
  });
  // gateway.no-on-search-relay-404 has no /on_search at all: the app's 404 answers it.
  if (!relay.variants.has("gateway.no-on-search-relay-404")) {
    becknRoute(app, "on_search", inbound, async (received, reply) => {
      if (relay.variants.has("gateway.no-on-search-relay-nack")) {
        return reply
          .code(200)
          .type("application/json")
          .send(nackBody({ code: ERROR.actionNotApplicable, message: "This gateway does not relay on_search: answer the BAP at context.bap_uri." }));
      }
      const stale = relayedBefore(opts.identity.subscriberId, received) ?? staleAnswer(relay, received) ?? busy(relay);
      if (stale) {
        return reply
          .code(stale.status)
          .headers(stale.headers ?? {})
          .type("application/json")
          .send(stale.body);
      }
      const target = await onSearchTarget(relay, received);
      if ("status" in target) {
        return reply.code(target.status).type("application/json").send(target.body);
      }
      sendAck(reply);
      if (!faults.has("gw.drop-on-search")) {
        void fanOut(relay, "on_search", received, async () => [target]);
      }
      return reply;
    });
  }
  if (faults.has("gw.no-authenticate-header")) {
    app.addHook("onSend", async (_request, reply, payload) => {
      if (reply.statusCode === 401) {
        reply.removeHeader("www-authenticate");
        reply.removeHeader("proxy-authenticate");
      }
      return payload;
    });
  }
  declareAnswers(app, relay);
  if (opts.challengeKeys) {
    onSubscribeRoute(app, opts.challengeKeys);
  }
  return { app, forwarded: relay.log };
}
