import type { SubscriberEntry } from "../../protocol/registry-client.js";
import type { VariantSpec } from "../common/behaviour.js";
import { variantSet } from "../common/variant-set.js";

const OPEN_SUBSCRIPTION =
  "core 1.1.0 registry.yaml Subscription has no `required` list and no `additionalProperties: false`, so an entry that names its key id one way is a core entry";

/**
 * The reference registry's variants: legitimate behaviours that differ from its default, each changing
 * one behaviour (the mirror of its faults). Every check must pass each of them; the variant matrix
 * (test/self-test/variant-matrix.ts) proves it and docs/variants.md prints this table.
 */
export const REGISTRY_VARIANTS = [
  {
    id: "registry.key-id-as-ukid",
    description: "Key id as ukId",
    changes: "Names the key id of each lookup entry `ukId` alone (the reference writes `key_id`, `unique_key_id` and `ukId` side by side).",
    source: `${OPEN_SUBSCRIPTION}; ONDC's lookup answers \`ukId\` (FACTS §4.2).`,
  },
  {
    id: "registry.key-id-as-unique-key-id",
    description: "Key id as unique_key_id",
    changes: "Names the key id of each lookup entry `unique_key_id` alone.",
    source: `${OPEN_SUBSCRIPTION}; beckn-registry answers \`unique_key_id\`, the name BECKN-006 gives the middle part of keyId (FACTS §4.2).`,
  },
  {
    id: "registry.key-id-as-key-id",
    description: "Key id as key_id",
    changes: "Names the key id of each lookup entry `key_id` alone, core's own name.",
    source: "core 1.1.0 registry.yaml Subscription.key_id.",
  },
  {
    id: "registry.no-published-keys",
    description: "No keys at GET /",
    changes:
      "Publishes no keys at `GET /` (HTTP 404): the operator gives its encryption key with `--sut-encr-key`, and its id and signing key with `--sut-id` and `--sut-key`.",
    source: "core 1.1.0 registry.yaml defines only /lookup, /subscribe and /on_subscribe: no text makes a registry publish its keys at `GET /`.",
  },
] as const satisfies readonly VariantSpec[];

export type RegistryVariantId = (typeof REGISTRY_VARIANTS)[number]["id"];

export function registryVariants(given?: Iterable<string>): ReadonlySet<RegistryVariantId> {
  return variantSet<RegistryVariantId>(REGISTRY_VARIANTS, given, "registry");
}

const KEY_ID_NAMES = ["key_id", "unique_key_id", "ukId"] as const;
type KeyIdName = (typeof KEY_ID_NAMES)[number];

const KEY_ID_NAME_OF: ReadonlyMap<RegistryVariantId, KeyIdName> = new Map([
  ["registry.key-id-as-ukid", "ukId"],
  ["registry.key-id-as-unique-key-id", "unique_key_id"],
  ["registry.key-id-as-key-id", "key_id"],
]);

/** A lookup entry with its key id under the one name a key-id variant chooses (every name by default). */
export function entryUnderVariants(entry: SubscriberEntry, variants: ReadonlySet<RegistryVariantId>): SubscriberEntry {
  const keep = [...variants].map((v) => KEY_ID_NAME_OF.get(v)).find((name) => name !== undefined);
  if (keep === undefined) {
    return entry;
  }
  const others: ReadonlySet<string> = new Set(KEY_ID_NAMES.filter((n) => n !== keep));
  return Object.fromEntries(Object.entries(entry).filter(([name]) => !others.has(name))) as unknown as SubscriberEntry;
}
