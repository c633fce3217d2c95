/**
 * The callbacks that test how the BAP receives a signed message: one that no longer holds valid,
 * one for another BAP, one another registered subscriber signed, a forged BPP signature inside a
 * valid gateway header, and valid ones spelled as other JSON for the same value. Each starts from
 * the flow's on_status (an unsolicited on_status with a new message_id is a valid callback), the
 * relayed one from its on_search.
 */
import { parseIsoDuration } from "../../../protocol/formats.js";
import { signBody } from "../../../protocol/signing/index.js";
import { endpoint, gatewayHeaders } from "../../../mocks/common/send.js";
import { forgeRequest } from "../../core/probes/forgeries.js";
import { spell, SPELLINGS } from "../../core/probes/json-spellings.js";
import { deliverRaw, type Delivery } from "./deliveries.js";
import type { FlowOutcome } from "./flow.js";
import { renewed, signed, type Json, type ProbeEnv } from "./probe-send.js";
import { probeNamed } from "./checks/probe-table.js";

/** How long before now a stale callback stopped holding valid: far past any clock skew. */
const STALE_BY_MS = 3600_000;
const OTHER_BAP_ID = "bap.other.p2p-conformance.local";
/** The ttl a stale callback is dated by when its context has none. */
const DEFAULT_TTL_MS = 30_000;

const withContext = (body: Json, changes: Json): Json => ({ ...body, context: { ...(body["context"] as Json), ...changes } });

/** An on_status whose timestamp + ttl passed an hour ago, signed now. */
function stale(status: Delivery): Json {
  const fresh = renewed(status.body);
  const ttlMs = parseIsoDuration((fresh["context"] as Json)["ttl"]) ?? DEFAULT_TTL_MS;
  return withContext(fresh, { timestamp: new Date(Date.now() - ttlMs - STALE_BY_MS).toISOString() });
}

/** The flow's on_search again, relayed: a valid gateway header around an Authorization by an unregistered key. */
async function relayedForged(env: ProbeEnv, onSearch: Delivery): Promise<void> {
  const identity = { subscriberId: env.bpp.subscriberId, uniqueKeyId: env.bpp.uniqueKeyId, privateKey: env.bpp.signingPrivateKey };
  const forged = forgeRequest("unknown-key", { body: onSearch.rawBody, identity, now: Date.now });
  const headers = { ...forged.headers, ...gatewayHeaders(env.gateway, forged.rawBody) };
  await deliverRaw(env.deliveries, endpoint(env.bapUrl, "on_search"), forged.rawBody, headers, {
    phase: "probe",
    timeoutMs: env.timeoutMs,
    probe: probeNamed("relayed-forged"),
  });
}

/** Valid on_status callbacks in other JSON spellings, each signed over its own bytes. */
async function respelled(env: ProbeEnv, status: Delivery): Promise<void> {
  for (const spelling of SPELLINGS) {
    const rawBody = spell(renewed(status.body), spelling);
    const { header } = signBody({
      rawBody,
      subscriberId: env.bpp.subscriberId,
      uniqueKeyId: env.bpp.uniqueKeyId,
      privateKey: env.bpp.signingPrivateKey,
      validitySeconds: 60,
    });
    await deliverRaw(
      env.deliveries,
      endpoint(env.bapUrl, "on_status"),
      rawBody,
      { "content-type": "application/json", authorization: header },
      { phase: "probe", timeoutMs: env.timeoutMs, spelling },
    );
  }
}

/** Sends them one after another; returns the steps it could not build. */
export async function sendReceivingProbes(env: ProbeEnv, flow: FlowOutcome): Promise<string[]> {
  const skipped: string[] = [];
  const status = flow.callbacks.get("on_status");
  if (status) {
    await signed(env, "on_status", stale(status), "stale");
    await signed(env, "on_status", withContext(renewed(status.body), { bap_id: OTHER_BAP_ID }), "misaddressed");
    await signed(env, "on_status", renewed(status.body), "other-signer", env.otherBpp);
    await respelled(env, status);
  } else {
    skipped.push("No on_status of the flow reached the BAP to build the stale, misaddressed, other-signer and respelled callbacks from.");
  }
  const onSearch = flow.callbacks.get("on_search");
  if (onSearch) {
    await relayedForged(env, onSearch);
  }
  return skipped;
}
