import { randomUUID } from "node:crypto";
import type { Clock } from "../../protocol/clock.js";
import type { FaultSet } from "./fault-set.js";
import { lateDelayMs, lazyOtherKey, sendOptionsFor, withBusinessFaults } from "./outgoing-faults.js";
import { withContextFaults } from "./reply-context.js";
import { withOutgoingVariants } from "./outgoing-variants.js";
import type { PlannedCallback } from "./types.js";
import type { BppVariants } from "./variants.js";
import { parseIsoDuration } from "../../protocol/formats.js";
import type { SendOptions, SentRequest } from "../common/send.js";

/** The shortest signature the BPP sends: DESIGN "A run" signs for max(ttl, 60 s). */
const MIN_SIGNATURE_SECONDS = 60;
/** bpp.signature-created-past: how far back `created` is stamped, and how long the signature lasts (protocol-server's choice). */
const CREATED_PAST_SECONDS = 60;
const CREATED_PAST_LIFETIME_SECONDS = 3600;

/** How long a callback's signature lasts: its ttl (BECKN-006: expires − created "should be equal to the TTL"), at least 60 s. */
function lifetimeOf(body: Record<string, unknown>): number {
  const ttl = (body["context"] as Record<string, unknown> | undefined)?.["ttl"];
  return Math.max(MIN_SIGNATURE_SECONDS, Math.ceil((parseIsoDuration(ttl) ?? 0) / 1000));
}

/** Rewrites the Signature header after signing: the header variants (bpp.header-comma-space, bpp.signature-minimal-header). */
function headerRewrite(variants: BppVariants): ((header: string) => string) | undefined {
  const rewrites: ((header: string) => string)[] = [];
  if (variants.has("bpp.signature-minimal-header")) {
    rewrites.push((header) => header.replace(/,algorithm="[^"]*"/, "").replace(/,headers="[^"]*"/, ""));
  }
  if (variants.has("bpp.header-comma-space")) {
    rewrites.push((header) => header.replaceAll('",', '", '));
  }
  return rewrites.length === 0 ? undefined : (header) => rewrites.reduce((h, rewrite) => rewrite(h), header);
}

/** The signing options of the signature variants, beneath the sig.* faults (a fault's own options win). */
function withSignatureVariants(variants: BppVariants, now: Clock, body: Record<string, unknown>, faulty: SendOptions | undefined): SendOptions {
  const created = variants.has("bpp.signature-created-past") ? Math.floor(now() / 1000) - CREATED_PAST_SECONDS : undefined;
  const sign = created === undefined ? { now, validitySeconds: lifetimeOf(body) } : { now, created, expires: created + CREATED_PAST_LIFETIME_SECONDS };
  const rewrite = headerRewrite(variants);
  const rewritten = (request: SentRequest): SentRequest =>
    rewrite === undefined ? request : { ...request, headers: { ...request.headers, authorization: rewrite(request.headers["authorization"] ?? "") } };
  const afterSigning = (request: SentRequest): SentRequest => (faulty?.afterSigning ?? ((r: SentRequest) => r))(rewritten(request));
  return { ...faulty, sign: { ...sign, ...faulty?.sign }, ...(rewrite || faulty?.afterSigning ? { afterSigning } : {}) };
}

/** Turns a step's callback body into what the dispatcher sends, with the outgoing faults. */
export interface Planner {
  /** The callback to a request: business and context faults, signing faults, and the timing faults. */
  solicited(request: Readonly<Record<string, unknown>>, url: string, body: Record<string, unknown>): PlannedCallback[];
  /** An unsolicited on_status: business, context and signing faults, never the timing faults. */
  unsolicited(url: string, body: Record<string, unknown>): PlannedCallback;
}

/** tim.unsolicited-on-search: the same on_search again, under a new message_id. */
function unsolicitedCopy(planned: PlannedCallback): PlannedCallback {
  const context = planned.body["context"] as Record<string, unknown>;
  return { ...planned, body: { ...planned.body, context: { ...context, message_id: randomUUID() } } };
}

const TEXT_PLAIN = "text/plain";

/** Under sch.text-content-type, the JSON callback is declared `text/plain`; its bytes and signature are unchanged. */
function withDeclaredType(faults: FaultSet, options: SendOptions): SendOptions {
  return faults.has("sch.text-content-type") ? { ...options, headers: { ...options.headers, "content-type": TEXT_PLAIN } } : options;
}

/** Under ctx.wrong-endpoint, a solicited callback goes to /on_search (an on_search to /on_select); its body is unchanged. */
function misaddressed(faults: FaultSet, url: string): string {
  if (!faults.has("ctx.wrong-endpoint")) {
    return url;
  }
  return url.replace(/\/on_[a-z_]+$/, (endpoint) => (endpoint === "/on_search" ? "/on_select" : "/on_search"));
}

/** `signRaw` signs other bytes as the BPP (sch.callback-not-json). */
export function createPlanner(faults: FaultSet, variants: BppVariants, now: Clock, fallbackTtl: string, signRaw: (rawBody: string) => string): Planner {
  const keys = { otherKey: lazyOtherKey(), signRaw };
  const finalize = (body: Record<string, unknown>, unsolicited: boolean): Record<string, unknown> => {
    const changed = withBusinessFaults(withOutgoingVariants(body, variants), faults);
    const context = changed["context"] as Record<string, unknown>;
    return { ...changed, context: withContextFaults(context, faults, now, unsolicited) };
  };
  const callback = (to: string, body: Record<string, unknown>, unsolicited: boolean, delayMs?: number): PlannedCallback => {
    const url = unsolicited ? to : misaddressed(faults, to);
    const sendOptions = withDeclaredType(faults, withSignatureVariants(variants, now, body, sendOptionsFor(faults, now, keys, unsolicited)));
    return { url, body, sendOptions, ...(delayMs === undefined ? {} : { delayMs }) };
  };
  return {
    solicited(request, url, body) {
      if (faults.has("tim.no-callback")) {
        return [];
      }
      const delay = faults.has("tim.late-callback") ? lateDelayMs(request, fallbackTtl, now()) : undefined;
      const planned = callback(url, finalize(body, false), false, delay);
      if (faults.has("tim.unsolicited-on-search") && url.endsWith("/on_search")) {
        return [planned, unsolicitedCopy(planned)];
      }
      return faults.has("tim.duplicate-callback") ? [planned, { ...planned, delayMs: 0 }] : [planned];
    },
    unsolicited(url, body) {
      return callback(url, finalize(body, true), true);
    },
  };
}
