import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateEncryptionKeyPair, generateSigningKeyPair } from "../../protocol/keys.js";
import { loadRegistryConfig, RegistryConfigError } from "./config.js";
import { buildRegistry } from "./server.js";

const signing = generateSigningKeyPair().publicKey;
const encryption = generateEncryptionKeyPair().publicKey;

const GOOD = {
  participants: [
    {
      subscriber_id: "bpp.one",
      url: "http://127.0.0.1:7303",
      type: "BPP",
      domain: "energy",
      city: "std:080",
      country: "IND",
      unique_key_id: "k1",
      signing_public_key: signing,
      encr_public_key: encryption,
    },
    {
      subscriber_id: "bap.two",
      subscriber_url: "http://127.0.0.1:7302",
      type: "BAP",
      domain: "energy",
      ukId: "k2",
      signing_public_key: signing,
      valid_from: "2020-01-01T00:00:00Z",
      valid_until: "2099-01-01T00:00:00Z",
    },
    {
      subscriber_id: "bpp.gone",
      url: "http://127.0.0.1:7304",
      type: "BPP",
      domain: "energy",
      key_id: "k3",
      signing_public_key: signing,
      status: "UNSUBSCRIBED",
    },
  ],
};

describe("loadRegistryConfig", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "registry-config-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function file(name: string, content: unknown): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  }

  test("a good file preloads every participant, with its aliases and status", async () => {
    const { registry } = buildRegistry();
    const loaded = await loadRegistryConfig(await file("good.json", GOOD), registry);
    expect(loaded.map((p) => p.unique_key_id)).toEqual(["k1", "k2", "k3"]);
    expect(registry.entries().map((e) => [e.subscriber_id, e.url, e.unique_key_id, e.status])).toEqual([
      ["bpp.one", "http://127.0.0.1:7303", "k1", "SUBSCRIBED"],
      ["bap.two", "http://127.0.0.1:7302", "k2", "SUBSCRIBED"],
      ["bpp.gone", "http://127.0.0.1:7304", "k3", "UNSUBSCRIBED"],
    ]);
    expect(registry.lookup({}).map((e) => e.subscriber_id)).toEqual(["bpp.one", "bap.two"]);
  });

  const participant = (change: Record<string, unknown>) => ({ participants: [{ ...GOOD.participants[0], ...change }] });

  test.for([
    ["an unknown type", participant({ type: "GATEWAY" }), /participants\[0\]\.type: `type` is "GATEWAY"; expected one of BAP, BPP, BG/],
    ["a missing subscriber_id", participant({ subscriber_id: undefined }), /participants\[0\]\.subscriber_id: `subscriber_id` is missing/],
    ["a numeric domain", participant({ domain: 3 }), /participants\[0\]\.domain: `domain` is a number; expected a string/],
    ["a bad url", participant({ url: "not a url" }), /participants\[0\]\.url: "not a url" is not an absolute http\(s\) URL/],
    ["a missing key id", participant({ unique_key_id: undefined }), /participants\[0\]\.unique_key_id: `unique_key_id` is missing/],
    [
      "a signing key that is not base64",
      participant({ signing_public_key: "%%%" }),
      /participants\[0\]\.signing_public_key: The ed25519 public key is not standard padded base64/,
    ],
    ["an encryption key of the wrong length", participant({ encr_public_key: "AAAA" }), /participants\[0\]\.encr_public_key: The X25519 public key is 3 bytes/],
    ["an unknown status", participant({ status: "ACTIVE" }), /participants\[0\]\.status: `status` is "ACTIVE"; expected one of INITIATED/],
    [
      "a valid_until that is not a date-time",
      participant({ valid_until: "tomorrow" }),
      /participants\[0\]\.valid_until: "tomorrow" is not an RFC 3339 date-time/,
    ],
    ["an unknown participant field", participant({ private_key: "x" }), /participants\[0\]\.private_key: `private_key` is not a participant field/],
    ["a participant that is not an object", { participants: ["bpp.one"] }, /participants\[0\]: The participant is "bpp.one"; expected a JSON object/],
    ["a repeated participant", { participants: [GOOD.participants[0], GOOD.participants[0]] }, /participants\[1\]: repeats participants\[0\]/],
    ["no participants array", { participant: [] }, /participants: `participants` is undefined; expected an array/],
    ["an unknown top-level field", { participants: [], extra: 1 }, /extra: `extra` is not a registry config field/],
    ["a top level that is an array", [], /\$: The config is \[\]; expected an object/],
    ["text that is not JSON", "{ participants: ", /\$: The file is not JSON/],
  ] as const)("a file with %s is refused with an error naming the field", async ([name, content, message], { task }) => {
    const { registry } = buildRegistry();
    const path = await file(`bad-${task.id}.json`, content);
    const failure = await loadRegistryConfig(path, registry).catch((error: unknown) => error);
    expect(failure, name).toBeInstanceOf(RegistryConfigError);
    expect((failure as Error).message).toContain(path);
    expect((failure as Error).message).toMatch(message);
    expect(registry.entries()).toEqual([]);
  });

  test("every bad field of every participant is reported at once, and nothing is preloaded", async () => {
    const { registry } = buildRegistry();
    const content = { participants: [GOOD.participants[0], { ...GOOD.participants[0], type: "X", domain: 1 }, { subscriber_id: "y" }] };
    const failure = (await loadRegistryConfig(await file("many.json", content), registry).catch((error: unknown) => error)) as RegistryConfigError;
    expect(failure.errors.map((e) => e.path)).toEqual([
      "participants[1].type",
      "participants[1].domain",
      "participants[2].url",
      "participants[2].type",
      "participants[2].domain",
      "participants[2].unique_key_id",
      "participants[2].signing_public_key",
    ]);
    expect(registry.entries()).toEqual([]);
  });

  test("a file that cannot be read is refused with its path", async () => {
    await expect(loadRegistryConfig(join(dir, "missing.json"))).rejects.toThrow(/missing\.json is invalid:\n {2}\$: The file cannot be read: ENOENT/);
  });
});
