/**
 * A harness participant that a gateway under test forwards to (a BPP, or the BAP for relayed
 * on_search): it records every POST with its exact bytes and headers, verifies the sender's
 * Authorization and the gateway's header against the registry, and answers an ACK, or a 401 NACK
 * when a signature fails. Its answer is evidence only: the checks give the verdict.
 */
import type { AddressInfo } from "node:net";
import { ackBody, ERROR, nackBody } from "../../../protocol/ack.js";
import { decodeBody, parseJsonBounded } from "../../../protocol/http/post.js";
import { retainedBytes, stringBytes, stringsBytes } from "../../../protocol/retained.js";
import type { DiagnoseOptions } from "../../../protocol/signing/diagnose/index.js";
import { verifySignatureHeader, type PublicKeyLookup } from "../../../protocol/signing/index.js";
import { signatureMistake } from "../../core/signature-diagnosis.js";
import { createBecknApp, flatHeaders } from "../../../mocks/common/beckn-receiver.js";
import type { Identity } from "../../../mocks/common/identity.js";
import { EvidenceLog } from "../../core/evidence-budget.js";

/** One POST that reached a harness participant. */
export interface Arrival {
  readonly action: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: string;
  readonly body: unknown;
  /** Wall-clock ms since the epoch. */
  readonly receivedAt: number;
  readonly receivedBy: { readonly subscriberId: string; readonly url: string };
  readonly reply: { readonly status: number; readonly note: string };
}

/** How long a wait that reached its deadline still gives arrivals already being verified. */
const IN_FLIGHT_GRACE_MS = 3000;

/** What an arrival holds, counted as held (protocol/retained.ts): its text, headers and parsed body. */
export const arrivalBytes = (a: Arrival): number =>
  stringBytes(a.rawBody) + stringsBytes(a.headers) + retainedBytes(a.body) + stringBytes(a.action) + stringBytes(a.reply.note);

/** Every arrival at every participant, in order (the first ones, within an EvidenceBudget), with an event per arrival to await on. */
export class ArrivalLog extends EvidenceLog<Arrival> {
  /** Requests received whose verification has not finished: they count as arrived at their deadline. */
  #inFlight = 0;

  constructor() {
    super(arrivalBytes);
  }

  /** Marks a request as received; the returned function records it once verified (called at most once). */
  begin(): (arrival: Arrival) => void {
    this.#inFlight += 1;
    let done = false;
    return (arrival) => {
      if (!done) {
        done = true;
        this.#inFlight -= 1;
        this.add(arrival);
      }
    };
  }

  list(): readonly Arrival[] {
    return [...this.kept];
  }

  /**
   * Settles when `done` holds for the arrivals so far, or at `deadline` (ms since the epoch),
   * whichever comes first; at the deadline it still lets requests that arrived before it finish
   * their verification (up to 3 s more). Never polls; clears its timers and listener either way.
   */
  until(done: (arrivals: readonly Arrival[]) => boolean, deadline: number): Promise<void> {
    if (done(this.kept) || (Date.now() >= deadline && this.#inFlight === 0)) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let expired = false;
      const finish = (): void => {
        clearTimeout(timer);
        clearTimeout(grace);
        this.events.off("arrival", onArrival);
        resolve();
      };
      const onArrival = (): void => {
        if (done(this.kept) || (expired && this.#inFlight === 0)) {
          finish();
        }
      };
      const onDeadline = (): void => {
        expired = true;
        if (this.#inFlight === 0) {
          finish();
        }
      };
      const timer = setTimeout(onDeadline, Math.max(0, deadline - Date.now()));
      const grace = setTimeout(finish, Math.max(0, deadline - Date.now()) + IN_FLIGHT_GRACE_MS);
      this.events.on("arrival", onArrival);
    });
  }
}

export interface Inbox {
  readonly identity: Identity;
  readonly url: string;
  close(): Promise<void>;
}

/** "<header>: <reason>", and the mistake that explains the failure when one does: the NACK's message tells the gateway what it broke. */
async function refusal(name: string, reason: string, options: DiagnoseOptions): Promise<Arrival["reply"]> {
  const mistake = await signatureMistake(options);
  return { status: 401, note: `${name}: ${reason}${mistake ? `: ${mistake.explanation}` : ""}` };
}

async function verdictOf(headers: Readonly<Record<string, string | undefined>>, rawBody: string, lookupPublicKey: PublicKeyLookup): Promise<Arrival["reply"]> {
  const authorization = { header: headers["authorization"], rawBody, kind: "authorization" as const, lookupPublicKey };
  const sender = await verifySignatureHeader(authorization);
  if (!sender.ok) {
    return refusal("Authorization", sender.reason, authorization);
  }
  const gatewayHeader = headers["x-gateway-authorization"] ?? headers["proxy-authorization"];
  if (gatewayHeader === undefined) {
    return { status: 200, note: "ACK (Authorization verified; no gateway header)" };
  }
  const gatewayOptions = { header: gatewayHeader, rawBody, kind: "gateway" as const, lookupPublicKey };
  const gateway = await verifySignatureHeader(gatewayOptions);
  return gateway.ok
    ? { status: 200, note: "ACK (Authorization and gateway header verified)" }
    : refusal("X-Gateway-Authorization", gateway.reason, gatewayOptions);
}

/** Starts one participant on `host` (port 0), recording into `log`. */
export async function startInbox(identity: Identity, host: string, log: ArrivalLog, lookupPublicKey: PublicKeyLookup): Promise<Inbox> {
  const app = createBecknApp();
  let url = "";
  app.post("/:action", async (request, reply) => {
    const receivedAt = Date.now();
    const record = log.begin();
    const { text: rawBody } = Buffer.isBuffer(request.body) ? decodeBody(request.body) : { text: "" };
    const headers = flatHeaders(request.headers);
    const body = parseJsonBounded(rawBody);
    const verdict =
      body === undefined
        ? { status: 400, note: "the body is not JSON" }
        : await verdictOf(headers, rawBody, lookupPublicKey).catch((error: unknown) => ({
            status: 401,
            note: `the signatures could not be verified: ${(error as Error).message}`,
          }));
    const action = (request.params as { action: string }).action.slice(0, 64);
    record({ action, headers, rawBody, body, receivedAt, receivedBy: { subscriberId: identity.subscriberId, url }, reply: verdict });
    const code = verdict.status === 401 ? ERROR.invalidSignature : ERROR.invalidRequest;
    return reply
      .code(verdict.status)
      .type("application/json")
      .send(verdict.status === 200 ? ackBody() : nackBody({ code, message: verdict.note }));
  });
  await app.listen({ host, port: 0 });
  url = `http://${host.includes(":") ? `[${host}]` : host}:${(app.server.address() as AddressInfo).port}`;
  return { identity, url, close: () => app.close() };
}
