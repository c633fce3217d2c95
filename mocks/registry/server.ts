/** The mock registry: a fastify app (`buildRegistry`, which does not listen) and `startRegistry`, which does. */
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { importEncryptionPublicKey, importPublicKey } from "../../protocol/keys.js";
import { createBecknApp } from "../common/beckn-receiver.js";
import { createIdentity, type Identity } from "../common/identity.js";
import { registryFaults } from "./faults.js";
import { registryVariants } from "./variants.js";
import { busyAnswer, OutgoingBudget, type BusyAnswer } from "../common/outgoing-budget.js";
import { challengeSubscriber, DEFAULT_ON_SUBSCRIBE_TIMEOUT_MS } from "./on-subscribe.js";
import { registryRoutes } from "./routes.js";
import { createRegistryStore, type Registry } from "./store.js";
import type { RegistryInfo } from "./types.js";

export const DEFAULT_REGISTRY_ID = "registry.mock";
export const REGISTRY_BODY_LIMIT = 64 * 1024;

export interface RegistryOptions {
  /** Signs `on_subscribe` and encrypts challenges. Defaults to a fresh identity `registry.mock`. */
  readonly identity?: Identity;
  /** Clock for key validity and timestamps (ms since the epoch). */
  readonly now?: () => number;
  /** The base URL others reach the registry at (behind a proxy, say); `startRegistry` reports it as `url`. */
  readonly publicUrl?: string;
  /** How long the registry waits for an `on_subscribe` answer. Defaults to 3000. */
  readonly onSubscribeTimeoutMs?: number;
  /** Faults to switch on (docs/faults-registry.md); an unknown id throws. None by default. */
  readonly faults?: readonly string[];
  /** Variants (mocks/registry/variants.ts); an unknown id throws. None by default. */
  readonly variants?: readonly string[];
}

export interface BuiltRegistry {
  readonly app: FastifyInstance;
  readonly registry: Registry;
  /** The registry's public identity, as `GET /` answers it. */
  readonly info: RegistryInfo;
}

export interface StartRegistryOptions extends RegistryOptions {
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  /** Defaults to 0 (an ephemeral port). */
  readonly port?: number;
}

export interface RunningRegistry {
  readonly url: string;
  readonly registry: Registry;
  readonly info: RegistryInfo;
  close(): Promise<void>;
}

const rawBase64 = (key: ReturnType<typeof importPublicKey>): string => Buffer.from(key.export({ format: "jwk" }).x ?? "", "base64url").toString("base64");

function infoOf(identity: Identity): RegistryInfo {
  return {
    subscriber_id: identity.subscriberId,
    type: "REGISTRY",
    unique_key_id: identity.uniqueKeyId,
    encr_public_key: rawBase64(importEncryptionPublicKey(identity.encryptionPublicKey)),
    signing_public_key: rawBase64(importPublicKey(identity.signingPublicKey)),
  };
}

export function buildRegistry(opts: RegistryOptions = {}): BuiltRegistry {
  // Identity's type field does not apply to a registry; only its id and keys are used.
  const identity = opts.identity ?? createIdentity("BG", DEFAULT_REGISTRY_ID);
  const store = createRegistryStore(opts.now);
  const info = infoOf(identity);
  const timeoutMs = opts.onSubscribeTimeoutMs ?? DEFAULT_ON_SUBSCRIBE_TIMEOUT_MS;
  const faults = registryFaults(opts.faults);
  const variants = registryVariants(opts.variants);
  const pending = new Set<Promise<void>>();
  const app = createBecknApp({ bodyLimit: faults.has("reg.no-body-limit") ? 16 * 1024 * 1024 : REGISTRY_BODY_LIMIT });
  const outgoing = new OutgoingBudget();
  const challenge = (entry: Parameters<typeof challengeSubscriber>[1]): void => {
    outgoing.hold();
    const run = challengeSubscriber(store, entry, { identity, timeoutMs, faults }).finally(() => {
      outgoing.release();
      pending.delete(run);
    });
    pending.add(run);
  };
  const busy = (): BusyAnswer | undefined => (outgoing.fits() ? undefined : busyAnswer("registry", outgoing));
  registryRoutes(app, { store, info, challenge, busy, faults, variants });
  // Closing waits for challenges in flight (each ends by its timeout), so nothing outlives the app.
  app.addHook("onClose", async () => {
    await Promise.all([...pending]);
  });
  const { preload, entries, remove, lookup, waitForStatus } = store;
  return { app, registry: { preload, entries, remove, lookup, waitForStatus }, info };
}

/** Builds the registry and listens (127.0.0.1, an ephemeral port, unless told otherwise). */
export async function startRegistry(opts: StartRegistryOptions = {}): Promise<RunningRegistry> {
  const { app, registry, info } = buildRegistry(opts);
  const host = opts.host ?? "127.0.0.1";
  await app.listen({ host, port: opts.port ?? 0 });
  const { port } = app.server.address() as AddressInfo;
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  const shownHost = reachable.includes(":") ? `[${reachable}]` : reachable;
  const url = (opts.publicUrl ?? `http://${shownHost}:${port}`).replace(/\/+$/, "");
  return { url, registry, info, close: () => app.close() };
}
