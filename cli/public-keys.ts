/**
 * The public keys `validate --transactions` verifies signatures with: a `--keys` file (a JSON array
 * shaped as a registry's `/lookup` answer) or a registry's `/lookup` itself (`--registry-url`).
 * Public keys only: a file that holds any private key field is refused, and its contents are never
 * repeated in a message.
 */
import { HarnessError } from "../protocol/errors.js";
import { createRegistryClient, type SubscriberEntry } from "../protocol/registry-client.js";
import type { PublicKeyEntry } from "../suites/roles/bpp/capture/judge-capture.js";
import { readInputText } from "./read-messages.js";

/** A member name that holds a secret: any `*private*` field (`signing_private_key`, `privateKey`), a `secret`, a `seed`, a JWK's `d`. */
const PRIVATE_FIELD = /private|secret|seed|^d$/i;

function privateFieldIn(value: unknown, depth = 0): string | undefined {
  if (typeof value !== "object" || value === null || depth > 16) {
    return undefined;
  }
  for (const [name, member] of Object.entries(value)) {
    if (PRIVATE_FIELD.test(name)) {
      return name;
    }
    const inner = privateFieldIn(member, depth + 1);
    if (inner !== undefined) {
      return inner;
    }
  }
  return undefined;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** One /lookup entry's signing key, under any of the names registries use for its key id. */
export function publicKeyOf(entry: Partial<Record<keyof SubscriberEntry, unknown>>): PublicKeyEntry | undefined {
  const subscriberId = text(entry.subscriber_id);
  const publicKey = text(entry.signing_public_key);
  if (subscriberId === undefined || publicKey === undefined) {
    return undefined;
  }
  const url = text(entry.subscriber_url) ?? text(entry.url);
  return { subscriberId, uniqueKeyId: text(entry.unique_key_id) ?? text(entry.ukId) ?? text(entry.key_id) ?? "", publicKey, ...(url ? { url } : {}) };
}

const refuse = (file: string, why: string): HarnessError => new HarnessError("P2PC_ERR_PUBLIC_KEYS", `--keys ${file}: ${why}`);

/** Reads a `--keys` file: a JSON array of /lookup entries, each with `subscriber_id` and `signing_public_key`. */
export function readPublicKeys(file: string): PublicKeyEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readInputText(file)) as unknown;
  } catch (error) {
    throw refuse(file, error instanceof HarnessError ? error.message : "not JSON; give a JSON array shaped as a registry's /lookup answer.");
  }
  const field = privateFieldIn(doc);
  if (field !== undefined) {
    throw refuse(file, `holds a private key field ("${field}"); give public keys only (signing_public_key), never a private key.`);
  }
  if (!Array.isArray(doc)) {
    throw refuse(file, "not a JSON array; give an array shaped as a registry's /lookup answer.");
  }
  return doc.map((entry, i) => {
    const key = publicKeyOf((typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>);
    if (!key) {
      throw refuse(file, `entry ${i} has no subscriber_id and signing_public_key.`);
    }
    return key;
  });
}

/** Every BPP's signing keys the registry at `url` lists for these subscribers (POST /lookup). */
export async function lookupPublicKeys(url: string, subscriberIds: readonly string[]): Promise<PublicKeyEntry[]> {
  const client = createRegistryClient(url);
  const keys: PublicKeyEntry[] = [];
  for (const subscriberId of subscriberIds) {
    let entries: SubscriberEntry[];
    try {
      entries = await client.lookup({ subscriber_id: subscriberId });
    } catch (error) {
      throw new HarnessError("P2PC_ERR_REGISTRY_UNREACHABLE", `--registry-url ${url}: lookup of ${subscriberId} failed (${(error as Error).message}).`);
    }
    keys.push(...entries.filter((entry) => entry.subscriber_id === subscriberId).flatMap((entry) => publicKeyOf(entry) ?? []));
  }
  return keys;
}
