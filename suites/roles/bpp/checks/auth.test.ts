import { expect, test } from "vitest";
import { checkById, checkMutationTables, type MutationRow } from "../../../core/testing/case-table.js";
import type { Exchange, Probe } from "../../../core/check.js";
import { FORGERIES } from "../../../core/probes/forgeries.js";
import { AUTH_CHECKS } from "./auth.js";
import { judge } from "../../../core/judge.js";
import {
  ackResponse,
  checkContext,
  findingsOf,
  flowExchange,
  messagesOf,
  nackResponse,
  probeExchange,
  rawResponse,
  runOnHostile,
  signedCallback,
  timeoutResponse,
  type ExchangeOptions,
} from "../../../core/testing/signed-exchange.js";

const fixtures = {
  expired: { kind: "forgery", name: "expired", severity: "MUST" },
  gateway: { kind: "forgery", name: "bad-gateway-header", severity: "MUST" },
  keyid: { kind: "forgery", name: "keyid-not-sender", severity: "SHOULD" },
  wrongAlgorithm: { kind: "forgery", name: "wrong-algorithm", severity: "MUST" },
  underGateway: { kind: "forgery", name: "forged-bap-under-gateway", severity: "MUST" },
  xGateway: { kind: "forgery", name: "forged-x-gateway-header", severity: "MUST" },
  proxy: { kind: "forgery", name: "forged-proxy-header", severity: "SHOULD" },
} as const satisfies Record<string, Probe>;

/** A valid select written as indented JSON (AUT-007), answered as told (an ACK and its on_select by default). */
const pretty = (opts: ExchangeOptions = {}): Exchange =>
  flowExchange("select", { rawBody: `${JSON.stringify(messagesOf().select, null, 2)}\n`, rawForm: "pretty", ...opts });

const forged = (probe: Probe, opts: ExchangeOptions = {}): Exchange => probeExchange(probe, "select", opts);
const withCallback = { callbacks: [signedCallback(messagesOf().on_select)] };

type Row = MutationRow;

const PASSING: readonly Row[] = [
  ...["AUT-001", "AUT-002", "AUT-003", "AUT-004"].map((id) => ({
    id,
    mutation: "an expired signature refused with 401, a NACK and a challenge",
    exchange: () => forged(fixtures.expired),
  })),
  { id: "AUT-004", mutation: "a forged gateway header refused with Proxy-Authenticate", exchange: () => forged(fixtures.gateway) },
  { id: "AUT-005", mutation: "keyid-not-sender refused with 401", exchange: () => forged(fixtures.keyid) },
  {
    id: "AUT-005",
    mutation: "keyid-not-sender refused with a 400 NACK",
    exchange: () => forged(fixtures.keyid, { response: nackResponse(400, { code: "10001" }) }),
  },
  ...["AUT-001", "AUT-002", "AUT-003", "AUT-004"].map((id) => ({
    id,
    mutation: "a forged Authorization under valid gateway headers refused with 401 and WWW-Authenticate",
    exchange: () => forged(fixtures.underGateway),
  })),
  ...["AUT-001", "AUT-002", "AUT-003", "AUT-004"].map((id) => ({
    id,
    mutation: "a forged X-Gateway-Authorization refused with 401 and Proxy-Authenticate",
    exchange: () => forged(fixtures.xGateway),
  })),
  { id: "AUT-006", mutation: "a forged Proxy-Authorization refused with 401", exchange: () => forged(fixtures.proxy) },
  {
    id: "AUT-006",
    mutation: "a forged Proxy-Authorization refused with a 400 NACK",
    exchange: () => forged(fixtures.proxy, { response: nackResponse(400, { code: "10001" }) }),
  },
  { id: "AUT-007", mutation: "a select written as indented JSON ACKed and answered", exchange: () => pretty() },
  {
    id: "AUT-007",
    mutation: "a select written as escaped JSON ACKed with 202",
    exchange: () => pretty({ rawForm: "escaped", response: ackResponse({ status: 202 }) }),
  },
  {
    id: "AUT-007",
    mutation: "a select written as indented JSON refused with a 500 NACK (ACK-001's, not the bytes')",
    exchange: () => pretty({ response: nackResponse(500, { code: "50000" }), callbacks: [] }),
  },
];

const FAILING: readonly Row[] = [
  { id: "AUT-001", mutation: "the forgery gets a 400 NACK", exchange: () => forged(fixtures.expired, { response: nackResponse(400, { code: "10001" }) }) },
  { id: "AUT-001", mutation: "the forgery gets no answer before the deadline", exchange: () => forged(fixtures.expired, { response: timeoutResponse() }) },
  { id: "AUT-002", mutation: "the 401 has an empty body", exchange: () => forged(fixtures.expired, { response: rawResponse(401, "") }) },
  { id: "AUT-002", mutation: "the forgery is ACKed", exchange: () => forged(fixtures.expired, { response: ackResponse() }) },
  { id: "AUT-003", mutation: "an on_select arrives after the forgery", exchange: () => forged(fixtures.expired, withCallback) },
  {
    id: "AUT-004",
    mutation: "the 401 carries no WWW-Authenticate",
    exchange: () => forged(fixtures.expired, { response: nackResponse(401, { code: "10001" }) }),
  },
  {
    id: "AUT-004",
    mutation: "the gateway forgery's 401 carries WWW-Authenticate instead of Proxy-Authenticate",
    exchange: () => forged(fixtures.gateway, { response: nackResponse(401, { code: "10001" }, { "www-authenticate": 'Signature realm="x"' }) }),
  },
  { id: "AUT-005", mutation: "keyid-not-sender is ACKed", exchange: () => forged(fixtures.keyid, { response: ackResponse() }) },
  { id: "AUT-005", mutation: "keyid-not-sender gets a 401 and then an on_select", exchange: () => forged(fixtures.keyid, withCallback) },
  {
    id: "AUT-001",
    mutation: "a forged Authorization under valid gateway headers is ACKed",
    exchange: () => forged(fixtures.underGateway, { response: ackResponse() }),
  },
  {
    id: "AUT-003",
    mutation: "a forged X-Gateway-Authorization beside a valid Proxy-Authorization is answered",
    exchange: () => forged(fixtures.xGateway, withCallback),
  },
  {
    id: "AUT-004",
    mutation: "the forged X-Gateway-Authorization's 401 carries WWW-Authenticate instead of Proxy-Authenticate",
    exchange: () => forged(fixtures.xGateway, { response: nackResponse(401, { code: "10001" }, { "www-authenticate": 'Signature realm="x"' }) }),
  },
  { id: "AUT-006", mutation: "a forged Proxy-Authorization is ACKed", exchange: () => forged(fixtures.proxy, { response: ackResponse() }) },
  { id: "AUT-006", mutation: "a forged Proxy-Authorization gets a 401 and then an on_select", exchange: () => forged(fixtures.proxy, withCallback) },
  {
    id: "AUT-007",
    mutation: "a select written as indented JSON refused with 401",
    exchange: () => pretty({ response: nackResponse(401, { code: "10001" }), callbacks: [] }),
  },
  {
    id: "AUT-007",
    mutation: "a select written as reordered JSON refused with 401 and a NACK body",
    exchange: () => pretty({ rawForm: "reordered", response: nackResponse(401, undefined), callbacks: [] }),
  },
];

const checkOf = checkById(AUTH_CHECKS);

checkMutationTables("AUT", AUTH_CHECKS, PASSING, FAILING);

test.for(FORGERIES)("$name ($severity) is judged by the AUT checks its severity names", ({ name, severity }) => {
  const exchange = forged({ kind: "forgery", name, severity });
  const applied = AUTH_CHECKS.filter((check) => check.appliesTo(exchange)).map((check) => check.id);
  const advised = name === "keyid-not-sender" ? "AUT-005" : "AUT-006";
  expect(applied).toEqual(severity === "MUST" ? ["AUT-001", "AUT-002", "AUT-003", "AUT-004"] : ["AUT-004", advised]);
});

test("AUT-007 judges only the requests written as other JSON, and its finding says why they fail", async () => {
  expect(checkOf("AUT-007").appliesTo(flowExchange("select"))).toBe(false);
  const [finding] = await findingsOf(checkOf("AUT-007"), pretty({ response: nackResponse(401, { code: "10001" }), callbacks: [] }));
  expect(finding?.message).toContain("the request was signed over the bytes sent; re-serialising before hashing breaks it");
});

test("AUT-006 is advisory (core 1.1.0 knows no Proxy-Authorization): a warning under p2p-trade-strict", async () => {
  const [result] = await judge([checkOf("AUT-006")], [forged(fixtures.proxy, { response: ackResponse() })], {
    strict: true,
    context: checkContext({ profile: "p2p-trade-strict" }),
  });
  expect(result?.status).toBe("warn");
});

test("AUT-004 skips a forgery that did not get a 401", () => {
  expect(checkOf("AUT-004").appliesTo(forged(fixtures.expired, { response: ackResponse() }))).toBe(false);
});

test("AUT checks skip exchanges that are not forgeries", () => {
  const exchange = probeExchange({ kind: "negative", name: "no-context", severity: "MUST" }, "select");
  expect(AUTH_CHECKS.filter((check) => check.appliesTo(exchange))).toEqual([]);
});

test("AUT-005 is advisory (no normative text): a warning under p2p-trade-strict, where AUT-004 fails", async () => {
  const context = checkContext({ profile: "p2p-trade-strict" });
  const accepted = forged(fixtures.keyid, { response: ackResponse() });
  const noChallenge = forged(fixtures.expired, { response: nackResponse(401, { code: "10001" }) });
  const [aut005] = await judge([checkOf("AUT-005")], [accepted], { strict: true, context });
  const [aut004] = await judge([checkOf("AUT-004")], [noChallenge], { strict: true, context });
  expect({ aut005: aut005?.status, aut004: aut004?.status }).toEqual({ aut005: "warn", aut004: "fail" });
});

test("the wrong-algorithm forgery's findings cite cavage-12 beside BECKN-006; the others cite BECKN-006 alone", async () => {
  const cited = async (probe: Probe): Promise<string[]> =>
    (await findingsOf(checkOf("AUT-001"), forged(probe, { response: ackResponse() }))).map((f) => f.message.slice(f.message.indexOf("(")));
  expect({ wrongAlgorithm: await cited(fixtures.wrongAlgorithm), expired: await cited(fixtures.expired) }).toEqual({
    wrongAlgorithm: [expect.stringMatching(/^\(BECKN-006 step 5; draft-cavage-http-signatures-12 §2\.1\.3: .*"implementations MUST produce an error"\)\.$/)],
    expired: ["(BECKN-006 step 5)."],
  });
});

test("AUT checks judge hostile answers without throwing", async () => {
  expect(await runOnHostile(AUTH_CHECKS)).toBeGreaterThan(0);
});
