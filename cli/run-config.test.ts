import { describe, expect, test } from "vitest";
import { REFERENCE_REGISTRY_ENCRYPTION } from "../mocks/registry/index.js";
import { requestShapeOf } from "../suites/core/config.js";
import { runConfigFrom } from "./run-config.js";

test("--sut-encr-key gives a registry's X25519 key: only for --role registry, and only a key", () => {
  expect(runConfigFrom({ role: "registry", "sut-encr-key": REFERENCE_REGISTRY_ENCRYPTION.publicKey }).sutEncrKey).toBe(REFERENCE_REGISTRY_ENCRYPTION.publicKey);
  expect(runConfigFrom({ role: "registry" }).sutEncrKey).toBeUndefined();
  expect(() => runConfigFrom({ role: "bpp", "sut-encr-key": REFERENCE_REGISTRY_ENCRYPTION.publicKey })).toThrow(/needs --role registry/);
  expect(() => runConfigFrom({ role: "registry", "sut-encr-key": "bm90IGEga2V5" })).toThrow(/not an X25519 public key/);
});

test("--ttl is at most a day, so the harness's signatures (max(ttl, 60 s)) stay within the mocks' maximum lifetime", () => {
  expect(runConfigFrom({ ttl: "P1D" }).ttl).toBe("P1D");
  expect(() => runConfigFrom({ ttl: "P1DT1S" })).toThrow(/--ttl "P1DT1S" is longer than the 24 h a message may live/);
});

const SUT = { target: "http://127.0.0.1:3000", "sut-id": "bpp.acme.energy", "sut-key": "a2V5" };

describe("--request-shape, --closed and --sut-url", () => {
  test.for([
    [{}, "guide"],
    [{ profile: "p2p-trade-strict" }, "guide"],
    [{ profile: "core-1.1.0" }, "core"],
    [{ profile: "core-1.1.0", "request-shape": "guide" }, "guide"],
    [{ "request-shape": "core" }, "core"],
  ] as const)("%j sends the %s shapes", ([flags, shape]) => {
    expect(requestShapeOf(runConfigFrom(flags))).toBe(shape);
  });

  test("a shape that is neither guide nor core is a usage error", () => {
    expect(() => runConfigFrom({ "request-shape": "both" })).toThrow(/--request-shape "both" is not a shape; use guide or core/);
  });

  test("--closed is carried to the run", () => {
    expect(runConfigFrom({ closed: true }).closed).toBe(true);
    expect(runConfigFrom({}).closed).toBeUndefined();
  });

  test("--sut-url is the public URL of a BPP under test, beside --target", () => {
    expect(runConfigFrom({ ...SUT, "sut-url": "https://bpp.acme.energy/beckn" }).sutUrl).toBe("https://bpp.acme.energy/beckn");
    expect(() => runConfigFrom({ "sut-url": "https://bpp.acme.energy" })).toThrow(/--sut-url .* needs --role bpp and --target/);
    expect(() => runConfigFrom({ ...SUT, role: "bap", "sut-url": "https://bap.acme.energy" })).toThrow(/--sut-url/);
    expect(() => runConfigFrom({ ...SUT, "sut-url": "ftp://bpp.acme.energy" })).toThrow(/--sut-url "ftp:\/\/bpp.acme.energy" must be an http\(s\) URL/);
  });
});

test("--allow-unexercised takes repeated comma lists, keeps the run's role's check ids once, and refuses an id no check has", () => {
  expect(runConfigFrom({ role: "bpp", "allow-unexercised": ["FLW-004, NEG-001", "NEG-001,GW-011", "CTX-016"] }).allowUnexercised).toEqual([
    "FLW-004",
    "NEG-001",
    "CTX-016",
  ]);
  expect(runConfigFrom({ role: "gateway", "allow-unexercised": ["FLW-004,GW-011"] }).allowUnexercised).toEqual(["GW-011"]);
  expect(runConfigFrom({ role: "bpp" }).allowUnexercised).toBeUndefined();
  expect(() => runConfigFrom({ role: "bpp", "allow-unexercised": ["FLW-004,FLW-999"] })).toThrow(/--allow-unexercised "FLW-999" names no check/);
});
