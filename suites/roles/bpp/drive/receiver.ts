import type { AddressInfo } from "node:net";
import sjson from "secure-json-parse";
import type { FastifyInstance } from "fastify";
import { ackBody, ERROR, nackBody } from "../../../../protocol/ack.js";
import { createBecknApp, flatHeaders } from "../../../../mocks/common/beckn-receiver.js";
import { jsonDepthExceeds } from "../../../../protocol/json/depth.js";
import { decodeBody, MAX_JSON_DEPTH } from "../../../../protocol/http/post.js";
import { onSubscribeRoute, type ChallengeKeys } from "../../../../mocks/common/on-subscribe.js";
import { CALLBACK_ACTIONS } from "../../../../schemas/index.js";

/** A callback as it reached the harness, before it is attributed to an exchange. */
export interface RawCallback {
  readonly action: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: string;
  readonly body: unknown;
  /** Wall-clock ms since the epoch. */
  readonly receivedAt: number;
}

export type CallbackListener = (callback: RawCallback) => void;

const MAX_CALLBACK_BYTES = 1024 * 1024;

/** The callback's JSON, or undefined when it is not JSON, not UTF-8, or nested too deep to judge. */
function parse(raw: string, utf8: boolean): unknown {
  if (!utf8 || jsonDepthExceeds(raw, MAX_JSON_DEPTH)) {
    return undefined;
  }
  try {
    return sjson.parse(raw, undefined, { protoAction: "remove", constructorAction: "remove" }) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The harness's callback receiver: records every callback, whatever it is, and hands it to the
 * correlator. Its own answer is an ACK for a JSON body and a 400 NACK otherwise; the verdict on
 * signatures and fields is the checks' job, never the receiver's (DESIGN "A run", step 4).
 */
export interface CallbackReceiver {
  readonly app: FastifyInstance;
  /** Lets the receiver answer a registry's on_subscribe challenge for these subscribers. */
  answerChallenges(keys: ChallengeKeys): void;
  onCallback(listener: CallbackListener): () => void;
  listen(host: string, port: number): Promise<string>;
  close(): Promise<void>;
}

export function createCallbackReceiver(now: () => number = Date.now): CallbackReceiver {
  const app = createBecknApp({ bodyLimit: MAX_CALLBACK_BYTES });
  const listeners = new Set<CallbackListener>();
  let challengeKeys: ChallengeKeys | undefined;
  onSubscribeRoute(app, () => challengeKeys);
  for (const action of CALLBACK_ACTIONS) {
    app.post(`/${action}`, async (request, reply) => {
      const { text: rawBody, utf8 } = Buffer.isBuffer(request.body) ? decodeBody(request.body) : { text: "", utf8: true };
      const body = parse(rawBody, utf8);
      const callback: RawCallback = { action, headers: flatHeaders(request.headers), rawBody, body, receivedAt: now() };
      for (const listener of listeners) {
        listener(callback);
      }
      return body === undefined
        ? reply.code(400).send(nackBody({ code: ERROR.invalidRequest, message: "The callback body is not JSON." }))
        : reply.code(200).send(ackBody());
    });
  }
  return {
    app,
    answerChallenges(keys) {
      challengeKeys = keys;
    },
    onCallback(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async listen(host, port) {
      await app.listen({ host, port });
      return `http://${host.includes(":") ? `[${host}]` : host}:${(app.server.address() as AddressInfo).port}`;
    },
    close: () => app.close(),
  };
}
