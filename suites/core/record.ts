/**
 * The one exchange recorder of every role: a request the harness sends (signed as one of its
 * participants when asked) goes out through the bounded client (protocol/http: a deadline, an answer
 * cap, no redirects), its answer is parsed with the bounded parser, and the request and the
 * outcome are recorded as they were: the exchange's `response` is the client's outcome itself.
 */
import { getRaw } from "../../protocol/http/get.js";
import { parseJsonBounded, postRaw, type HttpOutcome } from "../../protocol/http/post.js";
import { signBody } from "../../protocol/signing/index.js";
import type { Identity } from "../../mocks/common/identity.js";
import type { Exchange, ExchangeResponse } from "./check.js";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/**
 * Compiles only while results/'s ExchangeResponse and protocol/'s HttpOutcome are one shape: neither
 * layer may import the other, so this is where the two are held together.
 */
export const RESPONSE_IS_OUTCOME: Same<HttpOutcome, ExchangeResponse> = true;

/** Who signs a request: the keys of one of the harness's participants. */
export type Signer = Pick<Identity, "subscriberId" | "uniqueKeyId" | "signingPrivateKey">;

/** The keys a signature is made with, as protocol/signing and the forgeries take them. */
export const signingKeys = (signer: Signer): { subscriberId: string; uniqueKeyId: string; privateKey: string } => ({
  subscriberId: signer.subscriberId,
  uniqueKeyId: signer.uniqueKeyId,
  privateKey: signer.signingPrivateKey,
});

/** `rawBody` with the headers that sign it as `signer` (BECKN-006): `content-type` and `authorization`. */
export function signedRequest(signer: Signer, rawBody: string, validitySeconds?: number): { rawBody: string; headers: Record<string, string> } {
  const { header } = signBody({ rawBody, ...signingKeys(signer), ...(validitySeconds === undefined ? {} : { validitySeconds }) });
  return { rawBody, headers: { "content-type": "application/json", authorization: header } };
}

/** One request as the harness sends it. */
export interface Outgoing {
  readonly url: string;
  /** The exact bytes POSTed; none for a GET. */
  readonly rawBody?: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface RecordOptions {
  /** The answer's deadline; a function is read when the request goes out (once `onTheWire` lets it). */
  readonly timeoutMs: number | (() => number);
  /** The answer's size cap (protocol/http/post.ts DEFAULT_MAX_RESPONSE_BYTES unless given). */
  readonly maxResponseBytes?: number;
  /** Holds the wire while the request is on it (the BPP's send gate); the request goes at once without it. */
  readonly onTheWire?: <T>(send: () => Promise<T>) => Promise<T>;
}

/** What was sent and what came back, before the callbacks are known. */
export type Recorded = Pick<Exchange, "request" | "response">;

/** The request as an exchange records it, stamped as sent now: the bytes and headers, and their parsed body. */
export function recordedRequest(out: Outgoing): Exchange["request"] {
  const rawBody = out.rawBody ?? "";
  return { url: out.url, headers: out.headers, rawBody, body: parseJsonBounded(rawBody), sentAt: Date.now() };
}

/** Sends `out` (a POST of its bytes, or a GET without any) and returns the answer or how the connection failed. Never throws. */
export function answerTo(out: Outgoing, options: RecordOptions): Promise<ExchangeResponse> {
  const send = (): Promise<HttpOutcome> => {
    const bounds = {
      timeoutMs: typeof options.timeoutMs === "function" ? options.timeoutMs() : options.timeoutMs,
      ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    };
    return out.rawBody === undefined ? getRaw(out.url, out.headers, bounds) : postRaw(out.url, out.rawBody, out.headers, bounds);
  };
  return options.onTheWire ? options.onTheWire(send) : send();
}

/**
 * Sends `out` and records it: what was sent and when, and the answer or how the connection failed,
 * as the bounded client returned it. Never throws for what the peer does.
 */
export async function record(out: Outgoing, options: RecordOptions): Promise<Recorded> {
  const request = recordedRequest(out);
  return { request, response: await answerTo(out, options) };
}
