/**
 * The gateway's receiving probes (issue 20), for requests (search) and callbacks (on_search) alike:
 * valid messages written as other JSON for the same value (json-spellings.ts: whitespace, key order,
 * escapes), signed over exactly those bytes (they must be accepted and forwarded byte for byte), and validly signed messages whose timestamp + ttl had
 * passed before they were sent (they should be refused).
 */
import type { Context } from "../../../fixtures/builders/index.js";
import type { Identity } from "../../../mocks/common/identity.js";
import type { Exchange } from "../../core/check.js";
import { spell, SPELLINGS, type Spelling } from "../../core/probes/json-spellings.js";
import { exchange, idIs, multicast, mustReachIds, onSearchBody, searchBody, signed, type GatewayRunEnv, type MoreProbes } from "./interactions.js";
import { otherBytesStep, STALE } from "./checks/read.js";
import { ANSWERING_BPP } from "./checks/roster.js";

/** How long before `now - ttl` a stale message is stamped: far past any skew. */
export const STALE_BY_MS = 60_000;

/** Valid searches, one in each other spelling: the gateway must ACK each and multicast those bytes. */
function searchesInOtherBytes(env: GatewayRunEnv): Promise<Exchange>[] {
  return SPELLINGS.map((spelling, i) =>
    multicast(env, "multicast", searchBody(env, env.run.seed + 4 + i), mustReachIds, {
      write: (body) => spell(body, spelling),
      step: otherBytesStep("search", spelling),
    }),
  );
}

/** The answering BPP, which signs the on_search probes. */
function answering(env: GatewayRunEnv): Identity {
  return env.network.bpps.find((b) => b.subscriberId === ANSWERING_BPP.subscriberId)?.inbox.identity ?? env.network.bap.identity;
}

/** A valid on_search in one other spelling: the gateway must ACK it and relay those bytes to the BAP. */
function onSearchInOtherBytes(env: GatewayRunEnv, spelling: Spelling, seed: number): Promise<Exchange> {
  const body = onSearchBody(env, searchBody(env, seed).context) as { context: Context };
  const bapId = env.network.bap.identity.subscriberId;
  return exchange(
    env,
    { scenario: "relay", step: otherBytesStep("on_search", spelling), action: "on_search", ...signed(answering(env), body, (b) => spell(b, spelling)) },
    {
      matches: (a) => a.action === "on_search" && a.receivedBy.subscriberId === bapId && idIs("message_id", body.context.message_id)(a),
      matchedBy: "message_id",
      settled: (got) => got.length > 0,
      deadline: (sentAt) => sentAt + env.ttlMs,
    },
  );
}

/** The body with its timestamp moved back past its ttl: it expired before it was sent. */
function stale<T extends { context: Context }>(env: GatewayRunEnv, body: T): T {
  return { ...body, context: { ...body.context, timestamp: new Date(Date.now() - env.ttlMs - STALE_BY_MS).toISOString() } };
}

/** A validly signed, stale message: it should be refused and reach nobody within the quiet window. */
function staleProbe(env: GatewayRunEnv, action: "search" | "on_search", signer: Identity, body: { context: Context }): Promise<Exchange> {
  return exchange(
    env,
    {
      scenario: `stale-${action.replace("_", "-")}`,
      step: action,
      action,
      probe: { kind: "negative", name: STALE, severity: "SHOULD" },
      ...signed(signer, stale(env, body)),
    },
    {
      matches: idIs("transaction_id", body.context.transaction_id),
      matchedBy: "transaction",
      settled: () => false,
      deadline: () => Date.now() + env.quietWindowMs,
    },
  );
}

/** The receiving probes: searches beside the flow; on_searches once the gateway is known to relay them. */
export function receivingProbes(env: GatewayRunEnv): MoreProbes {
  return {
    beside: () => [...searchesInOtherBytes(env), staleProbe(env, "search", env.network.bap.identity, searchBody(env, env.run.seed + 10))],
    afterRelay: () => [
      ...SPELLINGS.map((spelling, i) => onSearchInOtherBytes(env, spelling, env.run.seed + 7 + i)),
      staleProbe(env, "on_search", answering(env), onSearchBody(env, searchBody(env, env.run.seed + 11).context) as { context: Context }),
    ],
  };
}
