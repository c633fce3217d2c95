import { EventEmitter } from "node:events";
import type { HttpOutcome } from "../../../protocol/http/post.js";
import type { Identity } from "../../../mocks/common/identity.js";
import { waitForEvent } from "../../../mocks/common/wait-for-event.js";
import type { Probe } from "../../core/check.js";
import { record, signedRequest } from "../../core/record.js";
import type { Spelling } from "../../core/probes/json-spellings.js";

/** A callback the harness sent to the BAP, and what the BAP answered. */
export interface Delivery {
  readonly action: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
  readonly body: unknown;
  /** Wall-clock ms since the epoch. */
  readonly sentAt: number;
  readonly outcome: HttpOutcome;
  readonly probe?: Probe;
  readonly phase: "flow" | "probe" | "recovery";
  /** A valid callback sent as other JSON for the same value (the bytes-received probe). */
  readonly spelling?: Spelling;
}

const MAX_KEPT = 1000;

/** Every callback the harness delivered to the BAP, in order (bounded), with an event per delivery. */
export class DeliveryLog {
  readonly events = new EventEmitter();
  readonly #deliveries: Delivery[] = [];
  /** The phase the harness's BPP's own callbacks are recorded under. */
  phase: Delivery["phase"] = "flow";

  constructor() {
    this.events.setMaxListeners(100);
  }

  add(delivery: Delivery): void {
    if (this.#deliveries.length < MAX_KEPT) {
      this.#deliveries.push(delivery);
    }
    this.events.emit("delivery", delivery);
  }

  all(): readonly Delivery[] {
    return this.#deliveries;
  }

  waitFor(match: (d: Delivery) => boolean, deadlineMs: number, what: string): Promise<Delivery> {
    return waitForEvent({ emitter: this.events, event: "delivery", match, deadlineMs, what, already: this.#deliveries.find(match) });
  }
}

/** The action of a callback URL: its last path segment (`…/on_select` → `on_select`). */
export const actionOfUrl = (url: string): string => new URL(url).pathname.split("/").filter(Boolean).pop() ?? "";

export interface DeliverOptions {
  readonly probe?: Probe;
  readonly spelling?: Spelling;
  readonly phase: Delivery["phase"];
  readonly timeoutMs: number;
}

/** POSTs exact bytes with exact headers to the BAP and records the answer. Never throws for network trouble. */
export async function deliverRaw(
  log: DeliveryLog,
  url: string,
  rawBody: string,
  headers: Readonly<Record<string, string>>,
  opts: DeliverOptions,
): Promise<Delivery> {
  const { request, response } = await record({ url, rawBody, headers }, { timeoutMs: opts.timeoutMs });
  const { body, sentAt } = request;
  const delivery: Delivery = {
    action: actionOfUrl(url),
    url,
    headers,
    rawBody,
    body,
    sentAt,
    outcome: response,
    phase: opts.phase,
    ...(opts.probe ? { probe: opts.probe } : {}),
    ...(opts.spelling ? { spelling: opts.spelling } : {}),
  };
  log.add(delivery);
  return delivery;
}

/** Signs a body (an object, or the exact bytes as a string) as `identity` (BECKN-006) and delivers it. */
export function deliverSigned(
  log: DeliveryLog,
  identity: Identity,
  url: string,
  body: unknown,
  opts: DeliverOptions & { extraHeaders?: Record<string, string> },
): Promise<Delivery> {
  const signed = signedRequest(identity, typeof body === "string" ? body : JSON.stringify(body), 60);
  return deliverRaw(log, url, signed.rawBody, { ...signed.headers, ...opts.extraHeaders }, opts);
}
