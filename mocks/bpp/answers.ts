import { ackBody, ackStatusOf, ERROR, nackBody } from "../../protocol/ack.js";
import type { SyncAnswer } from "../common/inbound.js";
import type { FaultSet } from "./fault-set.js";
import type { BppAnswer } from "./types.js";
import type { BppVariants } from "./variants.js";

/** The synchronous answers of the BPP, with the ack.* faults. */

export function ackAnswer(faults: FaultSet, variants: BppVariants, context: Readonly<Record<string, unknown>>): BppAnswer {
  if (faults.has("ack.not-json")) {
    return { status: 200, body: "OK", contentType: "text/plain" };
  }
  // sch.text-content-type: the JSON ACK is declared text/plain.
  const declared = faults.has("sch.text-content-type") ? { contentType: "text/plain" as const } : {};
  if (variants.has("bpp.ack-202-with-context")) {
    return {
      status: 202,
      body: { context, message: { ack: { status: "ACK", tags: [{ descriptor: { code: "received-by" }, value: "reference-bpp" }] } } },
      ...declared,
    };
  }
  return { status: 200, body: ackBody(), ...declared };
}

/** Whether an answer ACKs (whatever its HTTP status). */
export function isAck(answer: BppAnswer): boolean {
  return ackStatusOf(answer.body) === "ACK";
}

export function nackAnswer(status: number, code: string, message: string, paths?: string): BppAnswer {
  return { status, body: nackBody({ code, message, ...(paths ? { paths } : {}) }) };
}

/** An answer to a valid request that a fault turns into a failure, or undefined. */
export function failureFor(faults: FaultSet): BppAnswer | undefined {
  if (faults.has("ack.http-500")) {
    return nackAnswer(500, "50000", "Internal server error (fault ack.http-500).");
  }
  if (faults.has("ack.nack-everything")) {
    return nackAnswer(400, ERROR.invalidRequest, "Refused (fault ack.nack-everything).");
  }
  return undefined;
}

/** A 400 NACK as the BPP sends it: without `error.code` under ack.no-error-code. */
export function withErrorCodeFault(answer: BppAnswer | SyncAnswer, faults: FaultSet): BppAnswer {
  const { body } = answer;
  if (answer.status !== 400 || !faults.has("ack.no-error-code") || typeof body === "string" || !("error" in body) || !body.error) {
    return answer;
  }
  const { code: _code, ...error } = body.error as { code?: string; message?: string; paths?: string };
  return { ...answer, body: { ...body, error } };
}

const CHALLENGES: ReadonlySet<string> = new Set(["www-authenticate", "proxy-authenticate"]);

/** A 401 NACK as the BPP sends it: without WWW-Authenticate or Proxy-Authenticate under aut.no-www-authenticate. */
export function withChallengeFault(answer: BppAnswer, faults: FaultSet): BppAnswer {
  if (answer.status !== 401 || !faults.has("aut.no-www-authenticate") || !answer.headers) {
    return answer;
  }
  const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !CHALLENGES.has(name.toLowerCase())));
  return { ...answer, headers };
}
