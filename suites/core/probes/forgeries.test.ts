import { expect, test } from "vitest";
import { buildTransaction } from "../../../fixtures/builders/index.js";
import { generateSigningKeyPair } from "../../../protocol/keys.js";
import { signBody, verifySignatureHeader, type VerifyOptions, type VerifyResult } from "../../../protocol/signing/index.js";
import { FORGERIES, forgeRequest, type ForgeOptions } from "./forgeries.js";

const NOW = Date.parse("2025-05-09T10:00:00.000Z");
const BAP = { subscriberId: "bap.harness.example", uniqueKeyId: "bap-key-1", ...generateSigningKeyPair() };
const OTHER_KEY = generateSigningKeyPair().privateKey;
const GATEWAY = { subscriberId: "gateway.harness.example", uniqueKeyId: "gw-key-1", ...generateSigningKeyPair() };
const BODY = buildTransaction({ seed: 11, now: () => new Date(NOW), bapId: BAP.subscriberId }).messages.select;

/** What the SUT's registry knows: the BAP, `<bap>.other` under the same key and key id, the gateway. */
const REGISTRY = new Map([
  [`${BAP.subscriberId}|${BAP.uniqueKeyId}`, BAP.publicKey],
  [`${BAP.subscriberId}.other|${BAP.uniqueKeyId}`, BAP.publicKey],
  [`${GATEWAY.subscriberId}|${GATEWAY.uniqueKeyId}`, GATEWAY.publicKey],
]);

const OPTIONS: ForgeOptions = {
  body: BODY,
  identity: { subscriberId: BAP.subscriberId, uniqueKeyId: BAP.uniqueKeyId, privateKey: BAP.privateKey },
  now: () => NOW,
  otherPrivateKey: OTHER_KEY,
  gatewayIdentity: { subscriberId: GATEWAY.subscriberId },
  registeredGateway: { subscriberId: GATEWAY.subscriberId, uniqueKeyId: GATEWAY.uniqueKeyId, privateKey: GATEWAY.privateKey },
};

function verify(header: string | undefined, rawBody: string, overrides: Partial<VerifyOptions> = {}): Promise<VerifyResult> {
  return verifySignatureHeader({
    header,
    rawBody,
    kind: "authorization",
    lookupPublicKey: (subscriberId, uniqueKeyId) => REGISTRY.get(`${subscriberId}|${uniqueKeyId}`),
    expectedSubscriberId: BAP.subscriberId,
    now: () => NOW,
    ...overrides,
  });
}

test("the untouched body signed normally verifies", async () => {
  const rawBody = JSON.stringify(BODY);
  const { header } = signBody({ rawBody, ...OPTIONS.identity, now: () => NOW });
  await expect(verify(header, rawBody)).resolves.toMatchObject({ ok: true });
});

test.for(FORGERIES)("$name is refused with reason $reason", async (forgery) => {
  const { name, reason, header } = forgery;
  const forged = forgeRequest(name, OPTIONS);
  const gatewayHeader = "only" in forgery ? forgery.only : "X-Gateway-Authorization";
  const value = header === "gateway" ? forged.headers[gatewayHeader] : forged.headers["Authorization"];
  const result = await verify(value, forged.rawBody, { kind: header });
  expect(result).toMatchObject({ ok: false, reason });
});

test.for(FORGERIES)("$name keeps the body valid JSON and sends it as JSON", ({ name }) => {
  const forged = forgeRequest(name, OPTIONS);
  expect(() => JSON.parse(forged.rawBody) as unknown).not.toThrow();
  expect(forged.headers["Content-Type"]).toBe("application/json");
});

test("tampered-body changes one character of the message_id and nothing else", () => {
  const forged = forgeRequest("tampered-body", OPTIONS);
  const original = JSON.stringify(BODY);
  const differing = [...original].filter((char, i) => forged.rawBody[i] !== char);
  expect({ length: forged.rawBody.length, differing: differing.length }).toEqual({ length: original.length, differing: 1 });
  expect((JSON.parse(forged.rawBody) as typeof BODY).context.message_id).not.toBe(BODY.context.message_id);
});

test("keyid-not-sender verifies when the receiver does not compare the keyId with the sender", async () => {
  const forged = forgeRequest("keyid-not-sender", OPTIONS);
  const lookupPublicKey: VerifyOptions["lookupPublicKey"] = (subscriberId, uniqueKeyId) => REGISTRY.get(`${subscriberId}|${uniqueKeyId}`);
  const result = verifySignatureHeader({
    header: forged.headers["Authorization"],
    rawBody: forged.rawBody,
    kind: "authorization",
    lookupPublicKey,
    now: () => NOW,
  });
  await expect(result).resolves.toMatchObject({ ok: true, keyId: { subscriberId: `${BAP.subscriberId}.other` } });
});

test("keyid-not-sender names the subscriber it is given", () => {
  const forged = forgeRequest("keyid-not-sender", { ...OPTIONS, otherSubscriberId: "someone.else" });
  expect(forged.headers["Authorization"]).toMatch(/^Signature keyId="someone\.else\|bap-key-1\|ed25519"/);
});

test("bad-gateway-header keeps a valid Authorization and puts the forgery in both gateway headers", async () => {
  const forged = forgeRequest("bad-gateway-header", OPTIONS);
  await expect(verify(forged.headers["Authorization"], forged.rawBody)).resolves.toMatchObject({ ok: true });
  expect(forged.headers["Proxy-Authorization"]).toBe(forged.headers["X-Gateway-Authorization"]);
  expect(forged.headers["X-Gateway-Authorization"]).toMatch(/^Signature keyId="gateway\.harness\.example\|unregistered-[0-9a-f]{16}\|ed25519"/);
});

test("missing-header sends no Authorization", () => {
  expect(Object.keys(forgeRequest("missing-header", OPTIONS).headers)).toEqual(["Content-Type"]);
});

test("the same inputs give the same forgery", () => {
  expect(forgeRequest("unknown-key", OPTIONS)).toEqual(forgeRequest("unknown-key", OPTIONS));
});

test("unknown-key signs with a fresh key when it is given none", async () => {
  const { otherPrivateKey: _other, ...withoutKey } = OPTIONS;
  const forged = forgeRequest("unknown-key", withoutKey);
  await expect(verify(forged.headers["Authorization"], forged.rawBody)).resolves.toMatchObject({ ok: false, reason: "unknown-key" });
});

test("the forgeries sign for max(ttl, 60 s), and expired ends 3 hours ago", () => {
  const seconds = NOW / 1000;
  const times = (name: "tampered-body" | "expired" | "future-created"): string[] =>
    /created="(\d+)",expires="(\d+)"/.exec(forgeRequest(name, OPTIONS).headers["Authorization"] ?? "")?.slice(1) ?? [];
  expect({ valid: times("tampered-body"), expired: times("expired"), future: times("future-created") }).toEqual({
    valid: [String(seconds), String(seconds + 60)],
    expired: [String(seconds - 10_860), String(seconds - 10_800)],
    future: [String(seconds + 10_800), String(seconds + 10_860)],
  });
});

test("every forgery but keyid-not-sender and forged-proxy-header is MUST", () => {
  expect(FORGERIES.filter((f) => f.severity === "SHOULD").map((f) => f.name)).toEqual(["keyid-not-sender", "forged-proxy-header"]);
});

/** Every signature a forged request carries, verified: the header name and whether it verified. */
async function verdicts(name: "forged-bap-under-gateway" | "forged-x-gateway-header" | "forged-proxy-header"): Promise<Record<string, boolean>> {
  const forged = forgeRequest(name, OPTIONS);
  const names = ["Authorization", "X-Gateway-Authorization", "Proxy-Authorization"] as const;
  const results = await Promise.all(
    names.map((header) =>
      verify(forged.headers[header], forged.rawBody, header === "Authorization" ? {} : { kind: "gateway", expectedSubscriberId: GATEWAY.subscriberId }),
    ),
  );
  return Object.fromEntries(names.map((header, i) => [header, results[i]?.ok === true]));
}

test("a relayed forgery carries the registered gateway's valid signatures in every header it does not forge", async () => {
  await expect(verdicts("forged-bap-under-gateway")).resolves.toEqual({ Authorization: false, "X-Gateway-Authorization": true, "Proxy-Authorization": true });
  await expect(verdicts("forged-x-gateway-header")).resolves.toEqual({ Authorization: true, "X-Gateway-Authorization": false, "Proxy-Authorization": true });
  await expect(verdicts("forged-proxy-header")).resolves.toEqual({ Authorization: true, "X-Gateway-Authorization": true, "Proxy-Authorization": false });
});

test("a relayed forgery without the registered gateway is a harness error", () => {
  const { registeredGateway: _gateway, ...withoutGateway } = OPTIONS;
  expect(() => forgeRequest("forged-x-gateway-header", withoutGateway)).toThrow(/registeredGateway/);
});
