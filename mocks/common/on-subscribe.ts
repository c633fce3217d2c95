import type { FastifyInstance } from "fastify";
import sjson from "secure-json-parse";
import { decryptChallenge } from "../../protocol/challenge.js";
import { ERROR, nackBody } from "../../protocol/ack.js";
import type { Identity } from "./identity.js";

/** Who may answer a registry's challenge here: subscriber id → identity, plus the registry's encryption key. */
export interface ChallengeKeys {
  readonly identities: ReadonlyMap<string, Identity>;
  readonly registryEncryptionKey: string;
}

/**
 * `POST /on_subscribe`: decrypts the registry's challenge (X25519 + AES-256-ECB) with the named
 * subscriber's encryption key and answers `{ "answer": <plaintext> }`. `keys()` is read per call,
 * so identities can be added once the app listens.
 */
export function onSubscribeRoute(app: FastifyInstance, keys: () => ChallengeKeys | undefined): void {
  app.post("/on_subscribe", async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body.toString("utf8") : "";
    let body: { subscriber_id?: unknown; challenge?: unknown } | undefined;
    try {
      body = sjson.parse(raw, undefined, { protoAction: "remove", constructorAction: "remove" }) as typeof body;
    } catch {
      body = undefined;
    }
    const known = keys();
    const identity = typeof body?.subscriber_id === "string" ? known?.identities.get(body.subscriber_id) : undefined;
    const answer =
      identity && known && typeof body?.challenge === "string"
        ? decryptChallenge(body.challenge, identity.encryptionPrivateKey, known.registryEncryptionKey)
        : undefined;
    if (answer === undefined) {
      return reply.code(400).send(
        nackBody({
          code: ERROR.invalidRequest,
          message: "No challenge here could be answered: unknown subscriber_id, or a challenge that does not decrypt.",
        }),
      );
    }
    return reply.code(200).send({ answer });
  });
}
