import { expect, test } from "vitest";
import { checkCaseTables, type CheckCase } from "../../../core/testing/case-table.js";
import { DEFAULTS } from "../../../../fixtures/builders/index.js";
import type { Check, Exchange } from "../../../core/check.js";
import { CONTEXT_CHECKS } from "./context.js";
import {
  checkContext,
  cleanScenario,
  hostileCases,
  progressUpdates,
  runAll,
  stepExchange,
  transaction,
  transferExchange,
  UNDER_WAY,
  withContext,
  type Mutation,
} from "../../../core/testing/exchange.js";

type Case = CheckCase;

const core = transaction("core");
const guide = transaction("guide", 11);
const OTHER_UUID = "9b2f4c1e-0d7a-4e55-9a43-6f1c2b3d4e5f";
const HOUR_MS = 3_600_000;
const shifted = (ms: number): string => new Date(Date.parse(core.messages.on_select.context.timestamp) + ms).toISOString();

/** The same URL as `uri` with scheme and host in upper case, its default port written out and a trailing slash. */
function sameUrlWrittenOtherwise(uri: string): string {
  const url = new URL(uri);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return `${url.protocol.toUpperCase()}//${url.hostname.toUpperCase()}:${port}${url.pathname.replace(/\/+$/, "")}/`;
}

/** One named change to the on_select callback's context per failing case. */
const mutations = {
  wrongAction: withContext({ action: "on_init" }),
  otherTransaction: withContext({ transaction_id: OTHER_UUID }),
  newMessageId: withContext({ message_id: OTHER_UUID }),
  otherBap: withContext({ bap_id: "other-bap.example" }),
  otherBapUri: withContext({ bap_uri: "https://other-bap.example/beckn" }),
  otherDomain: withContext({ domain: "energy" }),
  otherCity: withContext({ location: { country: { code: "USA" }, city: { code: "std:080" } } }),
  otherVersion: withContext({ version: "1.0.0" }),
  impostorBpp: withContext({ bpp_id: "impostor-bpp.example" }),
  noBppId: withContext({ bpp_id: undefined }),
  otherBppUri: withContext({ bpp_uri: "https://impostor-bpp.example/bpp/" }),
  zonelessTimestamp: withContext({ timestamp: "2025-05-09T10:00:00" }),
  timestampAnHourEarly: withContext({ timestamp: shifted(-HOUR_MS) }),
  timestampAnHourLate: withContext({ timestamp: shifted(HOUR_MS) }),
  timestampWithinSkew: withContext({ timestamp: shifted(-3000) }),
  wordyTtl: withContext({ ttl: "10 seconds" }),
  longTtl: withContext({ ttl: "PT30M" }),
  noTtl: withContext({ ttl: undefined }),
  noVersion: withContext({ version: undefined }),
  noLocation: withContext({ location: undefined }),
  noBapUri: withContext({ bap_uri: undefined }),
  noBppUri: withContext({ bpp_uri: undefined }),
  bapUriWrittenOtherwise: withContext({ bap_uri: sameUrlWrittenOtherwise(String(core.messages.select.context.bap_uri)) }),
  bppUriWrittenOtherwise: withContext({ bpp_uri: sameUrlWrittenOtherwise(DEFAULTS.bppUri) }),
  spaceForT: withContext({ timestamp: "2025-05-09 10:00:00.000Z" }),
} satisfies Record<string, Mutation>;

function unsolicitedWith(mutation: Mutation): Exchange {
  const [update] = progressUpdates(core, "core", [UNDER_WAY]);
  if (update) {
    mutation(update);
  }
  return stepExchange(core, "confirm", { unsolicited: update ? [update] : [] });
}

/** The exchange with its callbacks posted to another endpoint than the one their bodies name. */
const postedTo = (exchange: Exchange, endpoint: string): Exchange => ({ ...exchange, callbacks: exchange.callbacks.map((c) => ({ ...c, action: endpoint })) });

const passing: Case[] = [
  { id: "CTX-001", case: "an on_select to a select", exchange: stepExchange(core, "select") },
  { id: "CTX-001", case: "an on_confirm to a confirm", exchange: stepExchange(core, "confirm") },
  {
    id: "CTX-001",
    case: "an on_init to a select whose body names init (the action-mismatch probe: NEG-002 judges it)",
    exchange: stepExchange(core, "select", { request: withContext({ action: "init" }), callback: mutations.wrongAction }),
  },
  { id: "CTX-002", case: "an echoed transaction_id", exchange: stepExchange(core, "init") },
  { id: "CTX-003", case: "an echoed message_id", exchange: stepExchange(core, "init") },
  { id: "CTX-003", case: "an echoed message_id in the guide's shapes", exchange: stepExchange(guide, "init") },
  { id: "CTX-004", case: "an echoed bap_id", exchange: stepExchange(core, "status") },
  { id: "CTX-005", case: "an echoed bap_uri", exchange: stepExchange(core, "status") },
  {
    id: "CTX-005",
    case: "a bap_uri written with other case, its default port and a trailing slash",
    exchange: stepExchange(core, "select", { callback: mutations.bapUriWrittenOtherwise }),
  },
  {
    id: "CTX-010",
    case: "a bpp_uri written with other case, its default port and a trailing slash",
    exchange: stepExchange(core, "select", { callback: mutations.bppUriWrittenOtherwise }),
  },
  { id: "CTX-011", case: "a space between date and time (RFC 3339 §5.6 NOTE)", exchange: stepExchange(core, "select", { callback: mutations.spaceForT }) },
  { id: "CTX-006", case: "an echoed domain", exchange: stepExchange(core, "update") },
  { id: "CTX-007", case: "echoed country and city codes", exchange: stepExchange(core, "update") },
  { id: "CTX-008", case: "an echoed version", exchange: stepExchange(core, "search") },
  { id: "CTX-009", case: "the SUT's bpp_id", exchange: stepExchange(core, "search") },
  { id: "CTX-009", case: "the SUT's bpp_id on an unsolicited on_status", exchange: transferExchange(core, "core") },
  { id: "CTX-010", case: "the SUT's bpp_uri", exchange: stepExchange(core, "search") },
  {
    id: "CTX-010",
    case: "a bpp_uri that differs from the registered URL by a trailing slash",
    exchange: stepExchange(core, "select"),
    ctx: checkContext({ sut: { ...checkContext().sut, url: DEFAULTS.bppUri.replace(/\/$/, "") } }),
  },
  { id: "CTX-011", case: "a timestamp in UTC", exchange: stepExchange(core, "cancel") },
  {
    id: "CTX-011",
    case: "a timestamp with an offset",
    exchange: stepExchange(core, "cancel", { callback: withContext({ timestamp: "2025-05-09T15:30:00.250+05:30" }) }),
  },
  {
    id: "CTX-012",
    case: "a timestamp 3 s before the request's, within the skew",
    exchange: stepExchange(core, "select", { callback: mutations.timestampWithinSkew }),
  },
  { id: "CTX-013", case: "a timestamp at the request's time", exchange: stepExchange(core, "select") },
  { id: "CTX-014", case: "a ttl of PT30M", exchange: stepExchange(core, "select", { callback: mutations.longTtl }) },
  { id: "CTX-015", case: "a ttl", exchange: stepExchange(core, "select") },
  { id: "CTX-016", case: "unsolicited on_status with new message ids", exchange: transferExchange(core, "core") },
  { id: "CTX-017", case: "an on_select posted to /on_select", exchange: stepExchange(core, "select") },
];

const failing: Case[] = [
  { id: "CTX-001", case: "an on_init to a select", exchange: stepExchange(core, "select", { callback: mutations.wrongAction }) },
  {
    id: "CTX-001",
    case: "an on_init body posted to /on_select: the body's action is wrong, not the endpoint",
    exchange: postedTo(stepExchange(core, "select", { callback: mutations.wrongAction }), "on_select"),
  },
  { id: "CTX-017", case: "an on_select body posted to /on_search", exchange: postedTo(stepExchange(core, "select"), "on_search") },
  {
    id: "CTX-017",
    case: "an unsolicited on_status body posted to /on_update",
    exchange: postedTo(stepExchange(core, "confirm", { silent: true, unsolicited: [core.messages.on_status] }), "on_update"),
  },
  {
    id: "CTX-002",
    case: "another transaction_id",
    exchange: stepExchange(core, "select", { callback: mutations.otherTransaction, matchedBy: "transaction_and_action" }),
  },
  {
    id: "CTX-003",
    case: "a new message_id on a callback, as the guide prints it",
    exchange: stepExchange(core, "select", { callback: mutations.newMessageId, matchedBy: "transaction_and_action" }),
  },
  { id: "CTX-004", case: "another bap_id", exchange: stepExchange(core, "select", { callback: mutations.otherBap }) },
  { id: "CTX-005", case: "another bap_uri", exchange: stepExchange(core, "select", { callback: mutations.otherBapUri }) },
  { id: "CTX-006", case: "another domain", exchange: stepExchange(core, "select", { callback: mutations.otherDomain }) },
  { id: "CTX-007", case: "another city code", exchange: stepExchange(core, "select", { callback: mutations.otherCity }) },
  { id: "CTX-008", case: "another version", exchange: stepExchange(core, "select", { callback: mutations.otherVersion }) },
  { id: "CTX-009", case: "a bpp_id that is not the SUT's", exchange: stepExchange(core, "select", { callback: mutations.impostorBpp }) },
  { id: "CTX-009", case: "a missing bpp_id", exchange: stepExchange(core, "select", { callback: mutations.noBppId }) },
  { id: "CTX-010", case: "a missing bpp_uri", exchange: stepExchange(core, "select", { callback: mutations.noBppUri }) },
  { id: "CTX-010", case: "a bpp_uri that is not the SUT's", exchange: stepExchange(core, "select", { callback: mutations.otherBppUri }) },
  { id: "CTX-011", case: "a timestamp without a zone", exchange: stepExchange(core, "select", { callback: mutations.zonelessTimestamp }) },
  { id: "CTX-012", case: "a timestamp an hour before the request's", exchange: stepExchange(core, "select", { callback: mutations.timestampAnHourEarly }) },
  {
    id: "CTX-013",
    case: "a timestamp an hour after the callback arrived",
    exchange: stepExchange(core, "select", { callback: mutations.timestampAnHourLate }),
  },
  { id: "CTX-014", case: "a ttl that is not an ISO 8601 duration", exchange: stepExchange(core, "select", { callback: mutations.wordyTtl }) },
  { id: "CTX-015", case: "a callback without a ttl", exchange: stepExchange(core, "select", { callback: mutations.noTtl }) },
  {
    id: "CTX-016",
    case: "an unsolicited on_status reusing the request's message_id",
    exchange: unsolicitedWith(withContext({ message_id: core.messages.confirm.context.message_id })),
  },
  { id: "CTX-016", case: "an unsolicited on_status in another transaction", exchange: unsolicitedWith(withContext({ transaction_id: OTHER_UUID })) },
  {
    id: "CTX-016",
    case: "an unsolicited callback reusing the message_id of an earlier request of the transaction (the select's)",
    exchange: unsolicitedWith(withContext({ message_id: core.messages.select.context.message_id })),
    ctx: checkContext({ scenarioExchanges: [stepExchange(core, "select")] }),
  },
];

const skipped: Case[] = [
  { id: "CTX-001", case: "an exchange without callbacks", exchange: stepExchange(core, "select", { silent: true }) },
  { id: "CTX-002", case: "a callback that is not JSON", exchange: stepExchange(core, "select", { callbackBody: undefined }) },
  { id: "CTX-003", case: "a probe request without a message_id", exchange: stepExchange(core, "select", { request: withContext({ message_id: undefined }) }) },
  { id: "CTX-004", case: "only unsolicited callbacks", exchange: transferExchange(core, "core") },
  { id: "CTX-005", case: "a request without bap_uri", exchange: stepExchange(core, "select", { request: withContext({ bap_uri: undefined }) }) },
  { id: "CTX-005", case: "a callback without bap_uri, as the guide's callbacks are", exchange: stepExchange(core, "select", { callback: mutations.noBapUri }) },
  {
    id: "CTX-008",
    case: "a callback without version, as the guide's callbacks are",
    exchange: stepExchange(core, "select", { callback: mutations.noVersion }),
  },
  { id: "CTX-006", case: "an exchange without callbacks", exchange: stepExchange(core, "select", { silent: true }) },
  { id: "CTX-007", case: "a request without location", exchange: stepExchange(core, "select", { request: mutations.noLocation }) },
  { id: "CTX-008", case: "a request without version", exchange: stepExchange(core, "select", { request: mutations.noVersion }) },
  { id: "CTX-009", case: "an exchange without callbacks", exchange: stepExchange(core, "select", { silent: true }) },
  { id: "CTX-010", case: "a callback that is not JSON", exchange: stepExchange(core, "select", { callbackBody: undefined }) },
  { id: "CTX-011", case: "an exchange without callbacks", exchange: stepExchange(core, "select", { silent: true }) },
  { id: "CTX-012", case: "an exchange without callbacks", exchange: stepExchange(core, "select", { silent: true }) },
  { id: "CTX-013", case: "an exchange without callbacks", exchange: stepExchange(core, "select", { silent: true }) },
  { id: "CTX-014", case: "callbacks without a ttl", exchange: stepExchange(core, "select", { callback: mutations.noTtl }) },
  { id: "CTX-015", case: "an exchange without callbacks", exchange: stepExchange(core, "select", { silent: true }) },
  { id: "CTX-016", case: "only solicited callbacks", exchange: stepExchange(core, "confirm") },
  { id: "CTX-017", case: "an exchange without callbacks", exchange: stepExchange(core, "select", { silent: true }) },
];

function check(id: string): Check {
  const found = CONTEXT_CHECKS.find((c) => c.id === id);
  if (!found) {
    throw new Error(`No check ${id}`);
  }
  return found;
}

checkCaseTables("CTX", CONTEXT_CHECKS, { passing, failing, skipped, findingPath: /^\$\.callbacks\[\d+\]\.body\.context\./ });

test("a finding carries the expected and the actual value", async () => {
  const exchange = stepExchange(core, "select", { callback: mutations.newMessageId, matchedBy: "transaction_and_action" });
  expect(await check("CTX-003").run(exchange, checkContext())).toEqual([
    {
      message: "`context.message_id` must echo the request's `context.message_id`.",
      path: "$.callbacks[0].body.context.message_id",
      expected: core.messages.select.context.message_id,
      actual: OTHER_UUID,
    },
  ]);
});

test.for(["core", "guide"] as const)("a clean %s-shaped scenario passes every CTX check", async (shape) => {
  const t = shape === "core" ? core : guide;
  const exchanges = cleanScenario(t, shape);
  expect(await runAll(CONTEXT_CHECKS, exchanges, checkContext({ scenarioExchanges: exchanges }))).toEqual([]);
});

test.for(hostileCases(core))("no CTX check throws on $case", async ({ exchanges, ctx }) => {
  const findings = await runAll(CONTEXT_CHECKS, exchanges, ctx);
  expect(findings.every((finding) => typeof finding.message === "string" && finding.message !== "")).toBe(true);
});

test.for([
  ["CTX-005", mutations.noBapUri, "bap_uri"],
  ["CTX-008", mutations.noVersion, "version"],
  ["CTX-014", mutations.noTtl, "ttl"],
] as const)("%s is not applicable, never a gap, to callbacks that leave the optional field out", ([id, callback, field]) => {
  expect(check(id).notApplicable?.(stepExchange(core, "select", { callback }))).toContain(`leave the optional \`context.${field}\` out`);
  expect(check(id).notApplicable?.(stepExchange(core, "select", { silent: true }))).toBeUndefined();
});
