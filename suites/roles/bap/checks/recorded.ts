/**
 * What a BAP run records. A BAP run has three kinds of exchange, all `Exchange`s so that the judge's
 * judge and the report writers take them unchanged:
 * - `bap-request`: a request the BAP sent; `request` is what arrived at the harness (its gateway
 *   or its BPP), `response` the harness's ACK, `trigger` how the harness asked for it (active mode);
 * - `callback`: a callback the harness sent to the BAP; `request` is what the harness sent,
 *   `response` the BAP's answer; adversarial ones carry a `probe`;
 * - `trigger`: one `POST <target>/trigger/<action>` and the BAP's answer, with the message id of
 *   the request that arrived for it (none when nothing did).
 */
import type { Exchange } from "../../../core/check.js";
import type { Spelling } from "../../../core/probes/json-spellings.js";

export type BapExchangeKind = "bap-request" | "callback" | "trigger";

/** The harness's BPP, which every request after search must name. */
export interface HarnessBpp {
  readonly id: string;
  readonly uri: string;
}

export interface TriggerLink {
  /** The message_id of the request that arrived for this trigger, when one did. */
  readonly arrivedMessageId: string | undefined;
  /** Whether the trigger's context named a bpp_uri (search goes to the gateway only without one). */
  readonly namedBppUri: boolean;
  /** The transaction_id the trigger's context gave (after search, the search's), when it gave one. */
  readonly givenTransactionId?: string;
}

export interface BapExchange extends Exchange {
  readonly kind: BapExchangeKind;
  /** bap-request: where it arrived. */
  readonly arrivedAt?: "gateway" | "bpp";
  /** bap-request: whether the trigger that asked for it named a bpp_uri (unknown in passive mode). */
  readonly namedBppUri?: boolean;
  /** bap-request: the transaction_id its trigger gave, when it gave one (active mode, after search). */
  readonly givenTransactionId?: string;
  /** bap-request: the id of the trigger exchange that asked for it (active mode). */
  readonly triggeredBy?: string;
  readonly harnessBpp: HarnessBpp;
  /** trigger: what arrived for it. */
  readonly link?: TriggerLink;
  /** callback: the message_id of the BAP request it answers, when it answers one; absent for unsolicited ones. */
  readonly inReplyTo?: string;
  /** callback: the phase it belongs to; `recovery` is the flow after the adversarial callbacks. */
  readonly phase?: "flow" | "probe" | "recovery";
  /** callback: a valid one sent as other JSON for the same value, and how. */
  readonly spelling?: Spelling;
  /**
   * callback, observed traffic only (`observe`): why this callback, which a real BPP sent, is not a
   * valid one (its signature, its schema, its addressee), so the BAP may refuse it: the checks of how
   * a BAP answers valid callbacks do not judge it.
   */
  readonly invalid?: string;
}

/** Narrows an exchange of a BAP run; undefined for any other exchange. */
export function asBapExchange(exchange: Exchange): BapExchange | undefined {
  return typeof (exchange as Partial<BapExchange>).kind === "string" ? (exchange as BapExchange) : undefined;
}
