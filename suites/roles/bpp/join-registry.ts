import { randomUUID } from "node:crypto";
import { getRaw } from "../../../protocol/http/get.js";
import { postRaw } from "../../../protocol/http/post.js";
import type { RegistryClient } from "../../../protocol/registry-client.js";
import type { Identity } from "../../../mocks/common/identity.js";

/** A subscriber the harness registers in an existing registry, at the URL that answers its challenge. */
export interface Joiner {
  readonly identity: Identity;
  readonly subscriberId: string;
  readonly url: string;
}

/** The registry's own encryption key, published at `GET /`. */
export async function registryEncryptionKey(registryUrl: string): Promise<string> {
  const outcome = await getRaw(`${registryUrl.replace(/\/+$/, "")}/`, {}, { timeoutMs: 3000 });
  if (outcome.kind === "failure") {
    throw new Error(`The registry at ${registryUrl} did not answer GET /: ${outcome.detail}`);
  }
  const body = outcome.body as { encr_public_key?: unknown } | undefined;
  if (typeof body?.encr_public_key !== "string") {
    throw new Error(`The registry at ${registryUrl} publishes no encr_public_key at GET /; the harness cannot answer its challenge.`);
  }
  return body.encr_public_key;
}

async function subscribe(registryUrl: string, joiner: Joiner, domain: string): Promise<void> {
  const body = {
    subscriber_id: joiner.subscriberId,
    url: joiner.url,
    type: joiner.identity.type,
    domain,
    unique_key_id: joiner.identity.uniqueKeyId,
    signing_public_key: joiner.identity.signingPublicKey,
    encr_public_key: joiner.identity.encryptionPublicKey,
    nonce: randomUUID(),
  };
  const outcome = await postRaw(`${registryUrl.replace(/\/+$/, "")}/subscribe`, JSON.stringify(body), {}, { timeoutMs: 5000 });
  if (outcome.kind === "failure" || outcome.status >= 300) {
    const detail = outcome.kind === "failure" ? outcome.detail : `HTTP ${outcome.status}: ${outcome.rawBody.slice(0, 300)}`;
    throw new Error(`Subscribing ${joiner.subscriberId} at ${registryUrl} failed: ${detail}`);
  }
}

/**
 * Subscribes each joiner and waits until a lookup returns it SUBSCRIBED. The registry's state is
 * remote, so this asks again every 100 ms, for at most `deadlineMs`.
 */
export async function joinRegistry(
  registryUrl: string,
  client: RegistryClient,
  joiners: readonly Joiner[],
  domain: string,
  deadlineMs = 10_000,
): Promise<void> {
  await Promise.all(joiners.map((joiner) => subscribe(registryUrl, joiner, domain)));
  const until = Date.now() + deadlineMs;
  for (const joiner of joiners) {
    for (;;) {
      const found = await client.lookup({ subscriber_id: joiner.subscriberId, unique_key_id: joiner.identity.uniqueKeyId }).catch(() => []);
      if (found.length > 0) {
        break;
      }
      if (Date.now() > until) {
        throw new Error(
          `${joiner.subscriberId} was not SUBSCRIBED at ${registryUrl} within ${deadlineMs} ms: the registry did not accept the harness's challenge answer.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
