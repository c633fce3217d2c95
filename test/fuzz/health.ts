import { postRaw } from "../../protocol/http/post.js";
import type { FuzzNetwork } from "./fuzz-network.js";
import { answerProblem, send } from "./fuzz-request.js";
import { guideMessage, messageFor, wireOf } from "./messages.js";

const FLOW_DEADLINE_MS = 10_000;

/**
 * Whether the network still does its job: the BAP's `/trigger/select` reaches the BPP and its
 * `on_select` comes back ACKed; a fuzz BAP's own signed select gets its `on_select` at its
 * registered URL; the registry still lists everyone. The reasons when it does not.
 */
export async function networkAnswers(fuzz: FuzzNetwork): Promise<string[]> {
  const results = await Promise.all([triggeredSelect(fuzz), signedSelect(fuzz), lookupAll(fuzz)]);
  return results.filter((r): r is string => r !== undefined);
}

async function triggeredSelect({ network }: FuzzNetwork): Promise<string | undefined> {
  const input = { context: { bpp_id: network.bpp.identity.subscriberId, bpp_uri: network.bpp.url }, message: guideMessage("select")["message"] };
  const outcome = await postRaw(
    `${network.bap.url}/trigger/select`,
    JSON.stringify(input),
    { "content-type": "application/json" },
    { timeoutMs: FLOW_DEADLINE_MS },
  );
  const body = outcome.kind === "response" ? (outcome.body as { status?: unknown; context?: { transaction_id?: string } } | undefined) : undefined;
  if (outcome.kind !== "response" || outcome.status !== 200 || body?.status !== 200 || body.context?.transaction_id === undefined) {
    return `the BAP's /trigger/select did not reach the BPP: ${outcome.kind === "response" ? `HTTP ${outcome.status} ${outcome.rawBody.slice(0, 160)}` : outcome.detail}`;
  }
  return network.bap.handle.engine
    .waitForCallback({ transactionId: body.context.transaction_id, action: "on_select", accepted: true }, FLOW_DEADLINE_MS)
    .then(() => undefined)
    .catch((error: Error) => `the BAP's select got no accepted on_select: ${error.message}`);
}

async function signedSelect(fuzz: FuzzNetwork): Promise<string | undefined> {
  const { network, subscribers, inboxes } = fuzz;
  const bapA = subscribers.bapA;
  const select = messageFor("select", {
    bapId: bapA.subscriberId,
    bapUri: inboxes.bapA.url,
    bppId: network.bpp.identity.subscriberId,
    bppUri: network.bpp.url,
  });
  const request = {
    name: "health: bapA's select",
    url: `${network.bpp.url}/select`,
    answer: "beckn" as const,
    wire: wireOf(JSON.stringify(select), { by: bapA }),
  };
  const answer = await send(request);
  const problem = answerProblem(request, answer);
  if (problem !== undefined || answer.status !== 200) {
    return `bapA's signed select was not ACKed: ${problem ?? answer.text.slice(0, 160)}`;
  }
  const transactionId = (select["context"] as { transaction_id: string }).transaction_id;
  return inboxes.bapA
    .waitFor(
      (c) => c.action === "on_select" && (c.body as { context?: { transaction_id?: unknown } } | undefined)?.context?.transaction_id === transactionId,
      FLOW_DEADLINE_MS,
      "on_select for bapA",
    )
    .then((c) => ((c.body as { error?: unknown }).error === undefined ? undefined : `bapA's on_select is an error: ${c.rawBody.slice(0, 160)}`))
    .catch((error: Error) => `bapA got no on_select: ${error.message}`);
}

async function lookupAll({ network, subscribers }: FuzzNetwork): Promise<string | undefined> {
  const outcome = await postRaw(`${network.registry.url}/lookup`, "{}", { "content-type": "application/json" }, { timeoutMs: FLOW_DEADLINE_MS });
  const ids = outcome.kind === "response" && Array.isArray(outcome.body) ? (outcome.body as { subscriber_id?: unknown }[]).map((e) => e.subscriber_id) : [];
  const missing = Object.values(subscribers).filter((s) => !ids.includes(s.subscriberId));
  return missing.length === 0 ? undefined : `the registry's lookup lost ${missing.map((s) => s.subscriberId).join(", ")}`;
}
