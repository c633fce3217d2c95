/** Small readers the BAP checks share. */
import { ackStatusOf, errorOf } from "../../../../protocol/ack.js";
import type { Exchange, ExchangeResponse } from "../../../core/check.js";
import { asBapExchange, type BapExchange } from "./recorded.js";
import { probeGroupOf, type BapProbeGroup } from "./probe-table.js";

export const bapRequest = (e: Exchange): BapExchange | undefined => (asBapExchange(e)?.kind === "bap-request" ? asBapExchange(e) : undefined);
export const callbackOf = (e: Exchange): BapExchange | undefined => (asBapExchange(e)?.kind === "callback" ? asBapExchange(e) : undefined);
/** A callback known to be valid: the harness's own (no probe), or an observed one found valid. */
export const validCallback = (e: Exchange): BapExchange | undefined => {
  const c = callbackOf(e);
  return c && !c.probe && c.invalid === undefined ? c : undefined;
};
export const inGroup = (e: Exchange, ...groups: BapProbeGroup[]): boolean =>
  callbackOf(e) !== undefined && groups.includes(probeGroupOf(e.probe) as BapProbeGroup);

/** Requests of the BAP in the scenario that arrived before this one. */
export const earlierRequests = (e: Exchange, all: readonly Exchange[]): Exchange[] =>
  all.filter((x) => bapRequest(x) && x.id !== e.id && x.request.sentAt < e.request.sentAt);

/** What the answer was, in words, for a finding. */
export function answerText(r: ExchangeResponse): string {
  if (r.kind === "failure") {
    return `no answer (${r.failure}: ${r.detail})`;
  }
  const error = errorOf(r.body);
  return `HTTP ${r.status}${ackStatusOf(r.body) ? ` ${ackStatusOf(r.body) ?? ""}` : ""}${error?.code ? ` code ${error.code}` : ""}`;
}

/** Refused: a body that says NACK at any status below 500, or a 4xx whose body (when JSON) does not say ACK. */
export const isRefusal = (r: ExchangeResponse): boolean =>
  r.kind === "response" &&
  ((r.status >= 400 && r.status < 500 && ackStatusOf(r.body) !== "ACK") || (r.status >= 200 && r.status < 300 && ackStatusOf(r.body) === "NACK"));
