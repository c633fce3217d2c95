import { REFERENCE_REGISTRY_ENCRYPTION } from "../../../mocks/registry/index.js";
import type { RunResult } from "../../../suites/core/run-result.js";
import type { VariantRow } from "./row.js";
import { ackBodyOf, codeOf, contextOf, object } from "./evidence.js";

/** The variants of the BAP, the gateway and the registry. */

/** The BAP's answers to the harness's probes of these names, each at least once. */
function probeAnswers(result: RunResult, names: readonly string[], holds: (status: number, body: unknown) => boolean): boolean {
  return names.every((name) => {
    const answers = result.exchanges.filter((e) => e.probe?.name === name);
    return answers.length > 0 && answers.every((e) => e.response.kind === "response" && holds(e.response.status, e.response.body));
  });
}

/** The callbacks a BAP cannot place: unknown, late, repeated. */
const UNPLACEABLE = ["unknown-message", "unknown-transaction", "late", "duplicate"];
/** The valid callbacks a BAP refuses: one whose timestamp + ttl has passed, one for another BAP. */
const NOT_VALID = ["stale", "misaddressed"];
const codedNack =
  (status: number) =>
  (got: number, body: unknown): boolean =>
    got === status && ackBodyOf(body)?.status === "NACK" && typeof codeOf(body) === "string";
const ignoredDuplicate = (status: number, body: unknown): boolean =>
  status === 200 && ackBodyOf(body)?.status === "ACK" && JSON.stringify(ackBodyOf(body)?.tags ?? []).includes('"duplicate"');

/** The gateway's answer to the valid on_search, and whether GW-011…013 were reported not applicable, with the reason. */
function declinedRelay(result: RunResult, answered: (status: number, body: unknown) => boolean): boolean {
  const relay = result.exchanges.find((e) => e.action === "on_search" && e.probe === undefined);
  const relayChecks = result.results.filter((c) => ["GW-011", "GW-012", "GW-013"].includes(c.id));
  return (
    relay?.response.kind === "response" &&
    answered(relay.response.status, relay.response.body) &&
    relayChecks.length === 3 &&
    relayChecks.every((c) => c.status === "skip" && /does not relay on_search/.test(c.findings[0]?.message ?? ""))
  );
}

/** Every forward the gateway made carries these gateway headers and no others. */
const forwardHeaders = (result: RunResult, has: string, hasNot: string): boolean => {
  const forwards = result.exchanges.filter((e) => e.action === "search" && e.probe === undefined).flatMap((e) => e.callbacks);
  return forwards.length > 0 && forwards.every((f) => f.headers[has] !== undefined && f.headers[hasNot] === undefined);
};

const KEY_ID_NAMES = ["key_id", "unique_key_id", "ukId"];

/** Every entry of every lookup answer names its key id `name` and no other way; at least one entry. */
function keyIdNamed(result: RunResult, name: string): boolean {
  const entries = result.exchanges
    .filter((e) => e.action === "lookup" && e.response.kind === "response" && Array.isArray(e.response.body))
    .flatMap((e) => (e.response.kind === "response" ? (e.response.body as Record<string, unknown>[]) : []));
  return entries.length > 0 && entries.every((entry) => KEY_ID_NAMES.every((n) => (n === name) === (typeof entry[n] === "string")));
}

/** GET / found nothing, and the harness still answered the registry's challenges, with the key given to it. */
function keysGivenNotPublished(result: RunResult): boolean {
  const keys = result.exchanges.find((e) => e.action === "registry-keys");
  const answered = result.exchanges.some((e) => e.action === "subscribe" && e.callbacks.some((c) => c.reply?.status === 200));
  return keys?.response.kind === "response" && keys.response.status === 404 && answered;
}

/** Every request the BAP sent arrived more than 5 s after its timestamp (the old CTX-107 skew), within its ttl. */
function queuedRequests(result: RunResult): boolean {
  const requests = result.exchanges.filter((e) => (e as { kind?: unknown }).kind === "bap-request");
  const ageOf = (e: (typeof requests)[number]): number =>
    e.request.sentAt - Date.parse(String((e.request.body as { context?: { timestamp?: unknown } } | undefined)?.context?.timestamp));
  return requests.length > 0 && requests.every((e) => ageOf(e) > 5000);
}

/**
 * Every trigger after search gave the search's transaction_id, the BAP's answer says it took its last
 * request's instead (`transaction_from`), and the request it sent still carried the given one.
 */
function remembersTransaction(result: RunResult): boolean {
  const triggers = result.exchanges.filter((e) => (e as { kind?: unknown }).kind === "trigger" && e.action !== "search");
  const requests = result.exchanges.filter((e) => (e as { kind?: unknown }).kind === "bap-request");
  return (
    triggers.length > 0 &&
    triggers.every((t) => {
      const given = contextOf(t.request.body)?.["transaction_id"];
      const answer = t.response.kind === "response" ? object(t.response.body) : undefined;
      const sent = requests.find((r) => contextOf(r.request.body)?.["message_id"] === contextOf(answer)?.["message_id"]);
      return typeof given === "string" && answer?.["transaction_from"] === "last-request" && contextOf(sent?.request.body)?.["transaction_id"] === given;
    })
  );
}

/** Every answer the BAP gave to a callback declared exactly this Content-Type (at least one answer). */
function callbackAnswersDeclared(result: RunResult, contentType: string): boolean {
  const answers = result.exchanges.filter((e) => (e as { kind?: unknown }).kind === "callback" && e.response.kind === "response");
  return answers.length > 0 && answers.every((e) => e.response.kind === "response" && e.response.headers["content-type"] === contentType);
}

/**
 * Every ACK or NACK the gateway answered declared exactly `answers`, and every forward `forwards`
 * (at least one of each, and at least one NACK: the forgeries' 401s).
 */
function gatewayDeclared(result: RunResult, answers: string, forwards: string): boolean {
  const replies = result.exchanges.flatMap((e) => (e.response.kind === "response" && ackBodyOf(e.response.body) !== undefined ? [e.response] : []));
  const sent = result.exchanges.flatMap((e) => e.callbacks);
  return (
    replies.some((r) => ackBodyOf(r.body)?.status === "NACK") &&
    replies.some((r) => ackBodyOf(r.body)?.status === "ACK") &&
    sent.length > 0 &&
    replies.every((r) => r.headers["content-type"] === answers) &&
    sent.every((f) => f.headers["content-type"] === forwards)
  );
}

export const ROLE_ROWS: readonly VariantRow[] = [
  { role: "bap", variant: "bap.nack-200", seen: (r) => probeAnswers(r, [...UNPLACEABLE, ...NOT_VALID, "no-context"], codedNack(200)) },
  { role: "bap", variant: "bap.nack-202", seen: (r) => probeAnswers(r, [...UNPLACEABLE, ...NOT_VALID, "no-context"], codedNack(202)) },
  // The late on_select repeats the flow's message_id in other bytes: ignoring it too shows the BAP dedupes by message_id.
  { role: "bap", variant: "bap.ignore-duplicates", seen: (r) => probeAnswers(r, ["duplicate", "late"], ignoredDuplicate) },
  { role: "bap", variant: "bap.queued-requests", seen: (r) => queuedRequests(r) },
  { role: "bap", variant: "bap.trigger-remembers-transaction", seen: remembersTransaction },
  { role: "bap", variant: "bap.json-no-charset", seen: (r) => callbackAnswersDeclared(r, "application/json") },
  { role: "gateway", variant: "gateway.no-on-search-relay-nack", seen: (r) => declinedRelay(r, (status, body) => status === 200 && codeOf(body) === "40001") },
  { role: "gateway", variant: "gateway.no-on-search-relay-404", seen: (r) => declinedRelay(r, (status) => status === 404) },
  { role: "gateway", variant: "gateway.x-gateway-authorization-only", seen: (r) => forwardHeaders(r, "x-gateway-authorization", "proxy-authorization") },
  { role: "gateway", variant: "gateway.json-no-charset", seen: (r) => gatewayDeclared(r, "application/json", "application/json") },
  { role: "registry", variant: "registry.key-id-as-ukid", seen: (r) => keyIdNamed(r, "ukId") },
  { role: "registry", variant: "registry.key-id-as-unique-key-id", seen: (r) => keyIdNamed(r, "unique_key_id") },
  { role: "registry", variant: "registry.key-id-as-key-id", seen: (r) => keyIdNamed(r, "key_id") },
  { role: "registry", variant: "registry.no-published-keys", options: { sutEncrKey: REFERENCE_REGISTRY_ENCRYPTION.publicKey }, seen: keysGivenNotPublished },
];
