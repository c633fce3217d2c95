import { Decimal } from "../../fixtures/builders/index.js";
import { generateSigningKeyPair } from "../../protocol/keys.js";
import { parseIsoDuration } from "../../protocol/formats.js";
import { allMeasures, asArray, asObject, endStops, stopAddress } from "../../protocol/shapes.js";
import type { SendOptions } from "../common/send.js";
import type { FaultSet } from "./fault-set.js";

/** The biz.*, sig.*, sch.* and tim.* faults: each rewrites one aspect of what the BPP sends. */

export const OTHER_SUBSCRIBER = "other-bpp.example";
/** The Authorization header of sig.malformed-header. */
export const MALFORMED_SIGNATURE = "Signature keyId=broken";
/** The signature lifetime of sig.long-validity: two hours. */
export const LONG_VALIDITY_SECONDS = 7200;
export const BAD_SOURCE_TYPE = "Coal";
export const BAD_CERTIFICATION = "XYZ";
/** How far past the request's ttl a late callback goes out. */
export const LATE_MARGIN_MS = 250;

type Json = Record<string, unknown>;

function shiftAmount(price: unknown, by: number): void {
  const p = asObject(price);
  if (p && typeof p["value"] === "string") {
    p["value"] = new Decimal(p["value"]).plus(by).toFixed();
  }
}

function quoteFaults(order: Json, faults: FaultSet): void {
  const quote = asObject(order["quote"]);
  if (!quote) {
    return;
  }
  const lines = asArray(quote["breakup"]).map((line) => asObject(line));
  if (faults.has("biz.wrong-quote")) {
    // Total and breakup both 1 more: the breakup still sums to the (wrong) total.
    shiftAmount(quote["price"], 1);
    shiftAmount(lines[0]?.["price"], 1);
  }
  if (faults.has("biz.breakup-mismatch")) {
    // The energy line stays right (BIZ-001 passes); only the sum of the lines misses the total.
    const currency = asObject(quote["price"])?.["currency"];
    quote["breakup"] = [...asArray(quote["breakup"]), { title: "Service fee", price: { value: "1.00", currency } }];
  }
  if (faults.has("biz.currency-mismatch")) {
    [quote["price"], ...lines.map((line) => line?.["price"])].forEach((price) => {
      const p = asObject(price);
      if (p) {
        p["currency"] = "EUR";
      }
    });
  }
}

function itemsOf(message: Json | undefined): unknown[] {
  const orderItems = asArray(asObject(message?.["order"])?.["items"]);
  const catalogueItems = asArray(asObject(message?.["catalog"])?.["providers"]).flatMap((p) => asArray(asObject(p)?.["items"]));
  return [...orderItems, ...catalogueItems];
}

const codeOf = (holder: unknown): unknown => asObject(asObject(holder)?.["descriptor"])?.["code"];

/** biz.bad-source-type and biz.bad-certification: the items' taxonomy tags. */
function taxonomyFaults(items: readonly unknown[], faults: FaultSet): void {
  for (const group of items.flatMap((item) => asArray(asObject(item)?.["tags"]))) {
    const list = asArray(asObject(group)?.["list"]).map((tag) => asObject(tag));
    if (faults.has("biz.bad-source-type")) {
      list.forEach((tag) => {
        if (tag && codeOf(tag) === "Source_Type") {
          tag["value"] = BAD_SOURCE_TYPE;
        }
      });
    }
    if (faults.has("biz.bad-certification") && codeOf(group) === "Certifications") {
      list.forEach((tag) => {
        const descriptor = asObject(tag?.["descriptor"]);
        if (descriptor) {
          descriptor["code"] = BAD_CERTIFICATION;
        }
      });
    }
  }
}

/** biz.no-quote-on-select and biz.no-quote-on-init: the answer's order loses its quote. */
function dropsQuote(action: unknown, faults: FaultSet): boolean {
  return (action === "on_select" && faults.has("biz.no-quote-on-select")) || (action === "on_init" && faults.has("biz.no-quote-on-init"));
}

/** biz.incomplete-offer: the catalogue's offers lose their tags (source type and certifications). */
function incompleteOffers(message: Json | undefined): void {
  asArray(asObject(message?.["catalog"])?.["providers"])
    .flatMap((provider) => asArray(asObject(provider)?.["items"]))
    .forEach((item) => {
      const offer = asObject(item);
      if (offer) {
        delete offer["tags"];
      }
    });
}

/** Applies the biz.* faults to a callback body (a copy; the body given is not changed). */
export function withBusinessFaults(body: Json, faults: FaultSet): Json {
  if (!faults.ids.some((id) => id.startsWith("biz."))) {
    return body; // nothing to change: no copy of a body that may hold whatever the request echoed
  }
  const copy = structuredClone(body);
  const message = asObject(copy["message"]);
  const order = asObject(message?.["order"]);
  if (order) {
    quoteFaults(order, faults);
    if (dropsQuote(asObject(copy["context"])?.["action"], faults)) {
      delete order["quote"];
    }
  }
  if (faults.has("biz.incomplete-offer")) {
    incompleteOffers(message);
  }
  taxonomyFaults(itemsOf(message), faults);
  if (faults.has("biz.wrong-unit")) {
    itemsOf(message)
      .flatMap((item) => allMeasures(item))
      .forEach((m) => (m.value["unit"] = "Wh"));
  }
  if (faults.has("biz.non-der-meter")) {
    asArray(order?.["fulfillments"])
      .flatMap((f) => endStops(f))
      .forEach((stop) => {
        const location = asObject(stop.value["location"]);
        const address = stopAddress(stop.value)?.value;
        if (location && typeof address === "string") {
          location["address"] = address.replace(/^der:\/\//, "meter:");
        }
      });
  }
  return copy;
}

export interface SigningKeys {
  /** A key no registry knows. */
  readonly otherKey: () => string;
  /** The BPP's own Authorization header over other bytes. */
  readonly signRaw: (rawBody: string) => string;
}

/** The callback's bytes under sch.callback-not-json: `on_select ok`, say, signed as they are. */
function notJson(signRaw: SigningKeys["signRaw"]): SendOptions {
  return {
    afterSigning: (request) => {
      const rawBody = `${request.url.split("/").pop() ?? "callback"} ok`;
      return { ...request, rawBody, headers: { ...request.headers, authorization: signRaw(rawBody) } };
    },
  };
}

const withAuthorization = (change: (header: string) => string): SendOptions => ({
  afterSigning: (request) => ({ ...request, headers: { ...request.headers, authorization: change(request.headers["authorization"] ?? "") } }),
});

/** The sig.* faults (and sch.callback-not-json, on solicited callbacks), as options of the signed send. */
export function sendOptionsFor(faults: FaultSet, now: () => number, keys: SigningKeys, unsolicited: boolean): SendOptions | undefined {
  const nowSeconds = Math.floor(now() / 1000);
  if (faults.has("sch.callback-not-json") && !unsolicited) {
    return notJson(keys.signRaw);
  }
  if (faults.has("sig.malformed-header")) {
    return withAuthorization(() => MALFORMED_SIGNATURE);
  }
  if (faults.has("sig.long-validity")) {
    return { sign: { validitySeconds: LONG_VALIDITY_SECONDS } };
  }
  if (faults.has("sig.wrong-algorithm")) {
    return withAuthorization((header) => header.replace('|ed25519"', '|rsa-sha256"').replace('algorithm="ed25519"', 'algorithm="rsa-sha256"'));
  }
  if (faults.has("sig.expired-signature")) {
    return { sign: { created: nowSeconds - 600, expires: nowSeconds - 300 } };
  }
  if (faults.has("sig.other-key")) {
    return { sign: { privateKey: keys.otherKey() } };
  }
  if (faults.has("sig.keyid-not-bpp")) {
    return { sign: { subscriberId: OTHER_SUBSCRIBER } };
  }
  if (faults.has("sig.tampered-digest")) {
    return { afterSigning: (request) => ({ ...request, rawBody: `${request.rawBody} ` }) };
  }
  if (faults.has("sig.no-signature")) {
    return { afterSigning: ({ headers: { authorization: _dropped, ...headers }, ...request }) => ({ ...request, headers }) };
  }
  return undefined;
}

/** A key no registry knows, made once when first needed. */
export function lazyOtherKey(): () => string {
  let key: string | undefined;
  return () => (key ??= generateSigningKeyPair().privateKey);
}

/** When a late callback is due: the request's timestamp + its ttl (or `fallbackTtl`) + a margin, from now. */
export function lateDelayMs(request: Readonly<Json>, fallbackTtl: string, now: number): number {
  const sent = Date.parse(String(request["timestamp"]));
  const ttl = parseIsoDuration(request["ttl"]) ?? parseIsoDuration(fallbackTtl) ?? 10_000;
  const deadline = (Number.isNaN(sent) ? now : sent) + ttl;
  return Math.max(0, deadline - now) + LATE_MARGIN_MS;
}
