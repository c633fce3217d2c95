import { afterAll, beforeAll, expect, test } from "vitest";
import { createRegistryClient } from "../../../protocol/registry-client.js";
import { DEFAULT_RUN } from "../../core/config.js";
import { REFERENCE_BPP_ID, startBppNetwork, type BppNetwork } from "./network.js";

/**
 * The reference BPP's key id is a UUID, registered under that id: the default is the behaviour a
 * `bpp.uuid-key-id` variant would show (BECKN-006 recommends a UUID unique_key_id), so no such
 * variant exists. SIG-003 then compares the callbacks' key id with it (embedded runs).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let counterparts: BppNetwork;

beforeAll(async () => {
  counterparts = await startBppNetwork({ ...DEFAULT_RUN, registryPort: 0 });
});
afterAll(async () => {
  await counterparts.close();
});

test("the embedded reference BPP signs under a UUID unique_key_id that the registry holds its key under", async () => {
  const { sut, registryUrl } = counterparts;
  expect(sut).toMatchObject({ subscriberId: REFERENCE_BPP_ID, embedded: true });
  expect(sut.uniqueKeyId).toMatch(UUID);
  const registered = await createRegistryClient(registryUrl).publicKeyFor(sut.subscriberId, sut.uniqueKeyId ?? "");
  expect(registered).toBe(sut.publicKey);
});
