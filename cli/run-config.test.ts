import { expect, test } from "vitest";
import { REFERENCE_REGISTRY_ENCRYPTION } from "../mocks/registry/index.js";
import { runConfigFrom } from "./run-config.js";

test("--sut-encr-key gives a registry's X25519 key: only for --role registry, and only a key", () => {
  expect(runConfigFrom({ role: "registry", "sut-encr-key": REFERENCE_REGISTRY_ENCRYPTION.publicKey }).sutEncrKey).toBe(REFERENCE_REGISTRY_ENCRYPTION.publicKey);
  expect(runConfigFrom({ role: "registry" }).sutEncrKey).toBeUndefined();
  expect(() => runConfigFrom({ role: "bpp", "sut-encr-key": REFERENCE_REGISTRY_ENCRYPTION.publicKey })).toThrow(/needs --role registry/);
  expect(() => runConfigFrom({ role: "registry", "sut-encr-key": "bm90IGEga2V5" })).toThrow(/not an X25519 public key/);
});
