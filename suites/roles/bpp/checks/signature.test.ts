import { expect, test } from "vitest";
import { checkById, checkMutationTables, type MutationRow } from "../../../core/testing/case-table.js";
import { generateSigningKeyPair } from "../../../../protocol/keys.js";
import type { Exchange, ReceivedCallback } from "../../../core/check.js";
import { SIGNATURE_CHECKS } from "./signature.js";
import {
  checkContext,
  findingsOf,
  flowExchange,
  messagesOf,
  NOW,
  runOnHostile,
  signedCallback,
  SUT,
  type CallbackOptions,
} from "../../../core/testing/signed-exchange.js";

const fixtures = {
  onSelect: messagesOf().on_select,
  stranger: generateSigningKeyPair().privateKey,
  seconds: Math.floor(NOW / 1000),
};

/** A select whose on_select was signed or sent as told. */
function selectWith(opts: CallbackOptions, body: unknown = fixtures.onSelect): Exchange {
  return flowExchange("select", { callbacks: [signedCallback(body, opts)] });
}

/** A select whose on_select's Authorization was rewritten after signing. */
function rewritten(change: (header: string) => string): Exchange {
  const callback = signedCallback(fixtures.onSelect);
  const headers = { ...callback.headers, authorization: change(callback.headers["authorization"] ?? "") };
  return flowExchange("select", { callbacks: [{ ...callback, headers }] });
}

function withBppId(bppId: string): unknown {
  return { ...fixtures.onSelect, context: { ...fixtures.onSelect.context, bpp_id: bppId } };
}

function withTtl(ttl: string): unknown {
  return { ...fixtures.onSelect, context: { ...fixtures.onSelect.context, ttl } };
}

type Row = MutationRow;

const PASSING: readonly Row[] = [
  ...SIGNATURE_CHECKS.map((check) => ({ id: check.id, mutation: "a signed on_select", exchange: () => flowExchange("select") })),
  {
    id: "SIG-001",
    mutation: "an Authorization header in upper case",
    exchange: () => selectWith({ headers: { Authorization: signedCallback(fixtures.onSelect).headers["authorization"] } }),
  },
  {
    id: "SIG-003",
    mutation: "any key id when the SUT registered none",
    exchange: () => selectWith({ uniqueKeyId: "rotated-key" }),
    ctx: () => checkContext({ sut: { subscriberId: SUT.subscriberId, publicKey: SUT.publicKey, url: SUT.url } }),
  },
  { id: "SIG-004", mutation: "created 4 s ahead of arrival, within the skew", exchange: () => selectWith({ created: fixtures.seconds + 4 }) },
  {
    id: "SIG-006",
    mutation: "a signature lasting exactly one hour",
    exchange: () => selectWith({ created: fixtures.seconds, expires: fixtures.seconds + 3600 }),
  },
  {
    id: "SIG-006",
    mutation: "an on_search with a catalogue ttl of a day, signed for an hour",
    exchange: () => selectWith({ created: fixtures.seconds, expires: fixtures.seconds + 3600 }, withTtl("P1D")),
  },
  {
    id: "SIG-006",
    mutation: "an on_search with a catalogue ttl of a day, signed for the ttl (BECKN-006)",
    exchange: () => selectWith({ created: fixtures.seconds, expires: fixtures.seconds + 86400 }, withTtl("P1D")),
  },
  {
    id: "SIG-006",
    mutation: "created 60 s in the past and expires = created + 3600 (protocol-server)",
    exchange: () => selectWith({ created: fixtures.seconds - 60, expires: fixtures.seconds + 3540 }),
  },
  {
    id: "SIG-002",
    mutation: "a header without algorithm and headers (cavage-12 defaults)",
    exchange: () => rewritten((h) => h.replace('algorithm="ed25519",', "").replace('headers="(created) (expires) digest",', "")),
  },
  {
    id: "SIG-003",
    mutation: "a header without algorithm and headers (cavage-12 defaults)",
    exchange: () => rewritten((h) => h.replace('algorithm="ed25519",', "").replace('headers="(created) (expires) digest",', "")),
  },
  {
    id: "SIG-003",
    mutation: "ONDC's unspaced header list",
    exchange: () => rewritten((h) => h.replace("(created) (expires) digest", "(created)(expires)digest")),
  },
  { id: "SIG-002", mutation: "comma-space separators", exchange: () => rewritten((h) => h.replaceAll('",', '", ')) },
  {
    id: "SIG-007",
    mutation: "a keyId with two parts and algorithm ED25519",
    exchange: () => rewritten((h) => h.replace("|ed25519", "").replace('algorithm="ed25519"', 'algorithm="ED25519"')),
  },
];

const FAILING: readonly Row[] = [
  { id: "SIG-001", mutation: "the callback has no Authorization header", exchange: () => selectWith({ headers: { "content-type": "application/json" } }) },
  { id: "SIG-002", mutation: "the Authorization header is a Bearer token", exchange: () => selectWith({ headers: { authorization: "Bearer abc.def" } }) },
  { id: "SIG-002", mutation: "the Authorization header lacks the signature parameter", exchange: () => rewritten((h) => h.replace(/,signature="[^"]*"/, "")) },
  {
    id: "SIG-003",
    mutation: "the body changed after signing",
    exchange: () => selectWith({ rawBody: JSON.stringify(fixtures.onSelect).replace("on_select", "on_selecu") }),
  },
  { id: "SIG-003", mutation: "another key signed it", exchange: () => selectWith({ privateKey: fixtures.stranger }) },
  { id: "SIG-003", mutation: "the keyId names a key id the SUT did not register", exchange: () => selectWith({ uniqueKeyId: "other-key" }) },
  {
    id: "SIG-004",
    mutation: "the signature expired a minute before arrival",
    exchange: () => selectWith({ created: fixtures.seconds - 120, expires: fixtures.seconds - 60 }),
  },
  { id: "SIG-004", mutation: "created is a minute after arrival", exchange: () => selectWith({ created: fixtures.seconds + 60 }) },
  { id: "SIG-005", mutation: "the keyId names another subscriber", exchange: () => selectWith({ subscriberId: "someone.else" }) },
  { id: "SIG-005", mutation: "context.bpp_id names another subscriber than the keyId", exchange: () => selectWith({}, withBppId("bpp.other.example")) },
  { id: "SIG-006", mutation: "the signature lasts two hours", exchange: () => selectWith({ created: fixtures.seconds, expires: fixtures.seconds + 7200 }) },
  {
    id: "SIG-006",
    mutation: "the signature lasts 5 s, less than the PT10S ttl",
    exchange: () => selectWith({ created: fixtures.seconds, expires: fixtures.seconds + 5 }),
  },
  {
    id: "SIG-006",
    mutation: "a catalogue ttl of a day, signed for 60 s",
    exchange: () => selectWith({ created: fixtures.seconds, expires: fixtures.seconds + 60 }, withTtl("P1D")),
  },
  {
    id: "SIG-006",
    mutation: "a catalogue ttl of a day, signed for two days",
    exchange: () => selectWith({ created: fixtures.seconds, expires: fixtures.seconds + 172_800 }, withTtl("P1D")),
  },
  {
    id: "SIG-002",
    mutation: "the header list leaves out (expires)",
    exchange: () => rewritten((h) => h.replace("(created) (expires) digest", "(created) digest")),
  },
  { id: "SIG-007", mutation: "the algorithm is rsa-sha256", exchange: () => rewritten((h) => h.replace('algorithm="ed25519"', 'algorithm="rsa-sha256"')) },
  { id: "SIG-007", mutation: "the keyId ends in |rsa-sha256", exchange: () => rewritten((h) => h.replace("|ed25519", "|rsa-sha256")) },
];

const checkOf = checkById(SIGNATURE_CHECKS);

checkMutationTables("SIG", SIGNATURE_CHECKS, PASSING, FAILING);

test("SIG-002 to SIG-007 skip an exchange whose callbacks carry no signature", () => {
  const unsigned: ReceivedCallback = signedCallback(fixtures.onSelect, { headers: {} });
  const exchange = flowExchange("select", { callbacks: [unsigned] });
  expect(SIGNATURE_CHECKS.filter((check) => check.appliesTo(exchange)).map((check) => check.id)).toEqual(["SIG-001"]);
});

test("SIG checks judge unsolicited callbacks and name the one at fault", async () => {
  const good = signedCallback(messagesOf().on_status, { matchedBy: "unsolicited" });
  const bad = signedCallback(messagesOf().on_status, { matchedBy: "unsolicited", privateKey: fixtures.stranger });
  const findings = await findingsOf(checkOf("SIG-003"), flowExchange("status", { callbacks: [good, bad] }));
  expect(findings.map((f) => f.path)).toEqual(["callbacks[1].headers.authorization"]);
});

test("SIG checks judge hostile callbacks without throwing", async () => {
  expect(await runOnHostile(SIGNATURE_CHECKS)).toBeGreaterThan(0);
});

test("SIG-003 names the mistake: a body signed compact but sent pretty-printed", async () => {
  const pretty = JSON.stringify(fixtures.onSelect, null, 2);
  const [found] = await findingsOf(checkOf("SIG-003"), selectWith({ rawBody: pretty }));
  expect(found?.message).toMatch(
    /^The callback's signature does not verify over the bytes received with the key you registered: the signature verifies over the body without its whitespace \(compact JSON\); the bytes you sent differ from those at byte 1 \(`\\n {2}"context": \{\\n…` where the signature covers `"context":\{"doma…`\)/,
  );
  expect(found?.actual).toMatchObject({ reason: "bad-signature", diagnosis: { mistake: "body-compact", evidence: { difference: { offset: 1 } } } });
});

test("SIG-003 names another participant's key from the context, and no mistake for a stranger's", async () => {
  const participant = generateSigningKeyPair();
  const ctx = checkContext({
    participantKeys: [{ subscriberId: "bap.harness", uniqueKeyId: "h1", publicKey: participant.publicKey, label: "the harness's BAP" }],
  });
  const [named] = await findingsOf(checkOf("SIG-003"), selectWith({ privateKey: participant.privateKey }), ctx);
  expect(named?.message).toMatch(
    /: the signature verifies with the key of "bap.harness" \(unique_key_id "h1", the harness's BAP\), not with the key registered/,
  );
  expect(named?.actual).toMatchObject({ diagnosis: { mistake: "key-other-participant", evidence: { key: { subscriberId: "bap.harness" } } } });
  const [plain] = await findingsOf(checkOf("SIG-003"), selectWith({ privateKey: fixtures.stranger }), ctx);
  expect(plain?.message).toBe(
    "The callback's signature does not verify over the bytes received with the key you registered; sign the exact bytes you send, with the private key of the keyId you name (BECKN-006 step 4).",
  );
  expect(plain?.actual).not.toHaveProperty("diagnosis");
});
