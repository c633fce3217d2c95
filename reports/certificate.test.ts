import { generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { canonicalJson, fingerprintOf, issueCertificate, sha256Hex, verifyCertificate, type CertificateSubject } from "./certificate.js";

const fixtures = {
  subject: {
    sut: { subscriberId: "bpp.acme.energy", role: "bpp", publicKey: "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk=", url: "http://127.0.0.1:3000" },
    profile: "p2p-trade-guide-v1",
    catalogue: { sha256: "a".repeat(64), checks: 78 },
    tool: { name: "p2p-energy-conformance", version: "0.1.0" },
    runId: "6f1c2d9e-0000-4000-8000-000000000001",
    report: { file: "report.json", sha256: sha256Hex("{}\n") },
  } satisfies CertificateSubject,
  now: new Date("2026-11-24T08:00:00.000Z"),
};

const issuer = generateKeyPairSync("ed25519").privateKey;
const issued = (): Record<string, unknown> =>
  JSON.parse(JSON.stringify(issueCertificate(fixtures.subject, issuer, { selfIssued: false, now: fixtures.now }))) as Record<string, unknown>;
const rawPublic = (key: typeof issuer): string => Buffer.from(key.export({ format: "jwk" }).x ?? "", "base64url").toString("base64");

describe("canonicalJson", () => {
  test.for([
    [{ b: 1, a: [3, { d: true, c: null }], é: "x" }, '{"a":[3,{"c":null,"d":true}],"b":1,"é":"x"}'],
    [{ B: 1, a: 2, _: 3 }, '{"B":1,"_":3,"a":2}'],
    [["z", "a"], '["z","a"]'],
    [{ s: 'quote " and \\ and \n and \u2028' }, '{"s":"quote \\" and \\\\ and \\n and \u2028"}'],
    [{ n: 1.5, m: -0, big: 1e21 }, '{"big":1e+21,"m":0,"n":1.5}'],
    [{ skipped: undefined, kept: 1 }, '{"kept":1}'],
  ] as const)("writes %j as %s", ([value, expected]) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  test("gives the same text whatever the key order or indentation of the input", () => {
    const a = JSON.parse('{ "x": { "q": 1, "p": [1, 2] }, "a": "b" }') as unknown;
    const b = JSON.parse('{"a":"b","x":{"p":[1,2],"q":1}}') as unknown;
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  test.for([[Number.NaN], [Number.POSITIVE_INFINITY], [() => 1], [[undefined]]] as const)("refuses %s", ([value]) => {
    expect(() => canonicalJson(value)).toThrow(/Canonical JSON cannot hold/);
  });
});

describe("verifyCertificate", () => {
  test("accepts a certificate as issued and gives the issuer's fingerprint", () => {
    const verdict = verifyCertificate(issued(), { trust: rawPublic(issuer), reportBytes: Buffer.from("{}\n") });
    expect(verdict).toMatchObject({ ok: true, fingerprint: fingerprintOf(rawPublic(issuer)), selfIssued: false });
    expect(fingerprintOf(rawPublic(issuer))).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test.for([
    ["a changed value", (c: Record<string, unknown>): void => void ((c["sut"] as Record<string, unknown>)["subscriberId"] = "bpp.evil.energy")],
    ["a changed profile", (c: Record<string, unknown>): void => void (c["profile"] = "core-1.1.0")],
    ["an added top-level field", (c: Record<string, unknown>): void => void (c["note"] = "also certified for retail")],
    ["an added nested field", (c: Record<string, unknown>): void => void ((c["tool"] as Record<string, unknown>)["extra"] = true)],
    ["a removed field", (c: Record<string, unknown>): void => void delete c["runId"]],
    ["selfIssued flipped", (c: Record<string, unknown>): void => void ((c["issuer"] as Record<string, unknown>)["selfIssued"] = true)],
    ["the signature re-encoded", (c: Record<string, unknown>): void => void (c["signature"] = `${String(c["signature"]).replace(/=+$/, "")}`)],
    ["the signature removed", (c: Record<string, unknown>): void => void delete c["signature"]],
  ] as const)("refuses %s", ([, edit]) => {
    const certificate = issued();
    edit(certificate);
    const verdict = verifyCertificate(certificate);
    expect(verdict.ok).toBe(false);
  });

  test("refuses a certificate re-signed by another key that keeps the first issuer's fingerprint", () => {
    const other = generateKeyPairSync("ed25519").privateKey;
    const forged = {
      ...issued(),
      issuer: { algorithm: "ed25519", publicKey: rawPublic(other), fingerprint: fingerprintOf(rawPublic(issuer)), selfIssued: false },
    };
    expect(verifyCertificate(forged)).toMatchObject({ ok: false, reason: expect.stringMatching(/fingerprint does not match/) as unknown });
  });

  test("refuses a valid certificate of another issuer than the trusted one, by key or by fingerprint", () => {
    const other = generateKeyPairSync("ed25519").privateKey;
    const certificate = issued();
    expect(verifyCertificate(certificate, { trust: rawPublic(other) })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not by the trusted issuer/) as unknown,
    });
    expect(verifyCertificate(certificate, { trust: fingerprintOf(rawPublic(other)) }).ok).toBe(false);
    expect(verifyCertificate(certificate, { trust: fingerprintOf(rawPublic(issuer)).toUpperCase().replace("SHA256", "sha256") }).ok).toBe(true);
  });

  test("refuses a report whose bytes differ from the bound hash", () => {
    expect(verifyCertificate(issued(), { reportBytes: Buffer.from("{} \n") })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/report's sha-256/) as unknown,
    });
  });

  test.for([[null], [[]], ["certificate"], [{ format: "something-else/1" }]] as const)("refuses %j as not a certificate", ([value]) => {
    expect(verifyCertificate(value).ok).toBe(false);
  });

  test("holds no private key", () => {
    const text = JSON.stringify(issued());
    const seed = Buffer.from(issuer.export({ format: "jwk" }).d ?? "", "base64url");
    expect(text).not.toContain(seed.toString("base64"));
    expect(text).not.toContain(seed.toString("base64url"));
    expect(text).not.toMatch(/private/i);
  });
});
