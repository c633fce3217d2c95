/**
 * A capture of several BPPs split into one capture per BPP, so each is paired and judged as a live
 * run judges one BPP: by its own correlator, against its own identity. A capture whose requests
 * address one BPP (or none by name) stays whole, so a BPP that names itself wrongly in its callbacks
 * is still judged on them (CTX-009), as live.
 */
import { headerOf } from "../../../core/read.js";
import { parseSignatureHeader } from "../../../../protocol/signing/header.js";
import { contextOfBody, isCallbackAction, type CapturedMessage } from "../../../core/capture/captured.js";

/** The part of a capture whose sender or addressee no message names. */
export const UNKNOWN_BPP = "";

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const baseOf = (m: CapturedMessage): string | undefined =>
  m.url?.endsWith(`/${m.action}`) ? m.url.slice(0, -(m.action.length + 1)).replace(/\/+$/, "") : undefined;

/**
 * The BPP behind each endpoint: where a request was posted (its base URL, in a HAR; its bpp_id in a
 * log of bodies), the bpp_id most of the requests posted there name. A request that names another
 * BPP at the same URL (misaddressed on purpose, NEG-015) does not make a second BPP.
 */
function bppByEndpoint(requests: readonly CapturedMessage[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const m of requests) {
    const bpp = str(contextOfBody(m.body)["bpp_id"]);
    const endpoint = baseOf(m) ?? bpp;
    if (bpp !== undefined && endpoint !== undefined) {
      const named = counts.get(endpoint) ?? new Map<string, number>();
      counts.set(endpoint, named.set(bpp, (named.get(bpp) ?? 0) + 1));
    }
  }
  return new Map([...counts].map(([endpoint, named]) => [endpoint, [...named].sort((x, y) => y[1] - x[1])[0]?.[0] ?? UNKNOWN_BPP]));
}

/** Who sent a callback: the `bpp_id` it names, else the subscriber its signature's keyId names, if either is an addressed BPP. */
function senderOf(callback: CapturedMessage, addressed: ReadonlySet<string>): string {
  const named = str(contextOfBody(callback.body)["bpp_id"]);
  const parsed = parseSignatureHeader(headerOf(callback.headers, "authorization") ?? "");
  const signer = parsed.ok ? parsed.params.keyId.subscriberId : undefined;
  return [named, signer].find((id): id is string => id !== undefined && addressed.has(id)) ?? UNKNOWN_BPP;
}

/**
 * The capture, one part per BPP its requests address (the endpoint they were posted to, in a HAR;
 * their `context.bpp_id` in a log of bodies). A request that names no BPP (a search through a gateway) goes to every
 * BPP that answered its transaction; a callback to the BPP that sent it.
 */
export function splitByBpp(messages: readonly CapturedMessage[]): Map<string, CapturedMessage[]> {
  const requests = messages.filter((m) => !isCallbackAction(m.action));
  const endpoints = bppByEndpoint(requests);
  const addressed = new Set(endpoints.values());
  const addressedBy = (m: CapturedMessage): string | undefined => {
    const named = str(contextOfBody(m.body)["bpp_id"]);
    return endpoints.get(baseOf(m) ?? "") ?? (named !== undefined && addressed.has(named) ? named : undefined);
  };
  if (addressed.size <= 1) {
    return new Map([[[...addressed][0] ?? UNKNOWN_BPP, [...messages]]]);
  }
  const parts = new Map<string, CapturedMessage[]>();
  const add = (bpp: string, m: CapturedMessage): void => void parts.set(bpp, [...(parts.get(bpp) ?? []), m]);
  const senders = new Map<CapturedMessage, string>(messages.filter((m) => isCallbackAction(m.action)).map((m) => [m, senderOf(m, addressed)]));
  const transactionOf = (m: CapturedMessage): unknown => contextOfBody(m.body)["transaction_id"];
  for (const m of messages) {
    const sender = senders.get(m);
    if (sender !== undefined) {
      add(sender, m);
      continue;
    }
    const bpp = addressedBy(m);
    const answering = [...senders].filter(([c, s]) => s !== UNKNOWN_BPP && transactionOf(c) === transactionOf(m)).map(([, s]) => s);
    for (const target of bpp !== undefined ? [bpp] : answering.length > 0 ? [...new Set(answering)] : [UNKNOWN_BPP]) {
      add(target, m);
    }
  }
  return parts;
}
