/**
 * A BAP judged on observed traffic (`observe`), as a passive run judges it: the requests it sent
 * (at the gateway's forwarder or a BPP's, as it sent them) and the callbacks posted to its forwarder
 * with its answers. The BPPs that call it back are real, so a callback is held valid, and the
 * BAP's answer judged as the answer to a valid callback, only when it is one: signed by the BPP it
 * names under its registered key, valid under the profile, addressed to this BAP. The checks that
 * need the harness's triggers, forgeries or probes are listed, never passed.
 */
import { parseIsoDuration } from "../../../protocol/formats.js";
import type { RunResult } from "../../../results/index.js";
import type { ExchangeResponse } from "../../core/check.js";
import { contextOfBody, isCallbackAction, type CapturedMessage } from "../../core/capture/captured.js";
import { BAP_HOPS, oneHopEach, relayedByGateway } from "../../core/capture/hops.js";
import { DEFAULT_RUN } from "../../core/config.js";
import { judge } from "../../core/judge.js";
import type { ObservedParty } from "../../core/observe/network.js";
import { droppedNote, partyAt, postedTo, type Observation, type ObservedJudgeOptions } from "../../core/observe/observation.js";
import { observedRunResult } from "../../core/observe/observed-result.js";
import { invalidityOf, registeredKeys } from "../../core/observe/validity.js";
import type { PublicKeyLookup } from "../../../protocol/signing/index.js";
import { CLOCK_SKEW_SECONDS } from "../../../protocol/clock.js";
import { participantKey } from "../../core/signature-diagnosis.js";
import { BAP_CHECKS } from "./checks/index.js";
import type { BapExchange, HarnessBpp } from "./checks/recorded.js";
import { BAP_RUN_CHECKS } from "./run-checks.js";
import { isAck } from "../../core/read.js";
import { callbackOf, validCallback } from "./checks/read.js";
import type { RunChecks } from "../../core/run-checks.js";

/** All of a BAP's observed exchanges are one scenario, as in a passive run: its searches and orders are judged across each other. */
export const OBSERVED = "observed";

/**
 * The run-level checks for an observed BAP: callbacks come from real BPPs, so RUN-002 holds unless
 * the BAP refused every valid callback it got (none valid is the BPPs' fault, judged in their
 * reports), and RUN-003 asks that some callback reached it and was answered. A BAP that sent and
 * got nothing fails all three: observation saw nothing to judge.
 */
const OBSERVED_BAP_RUN_CHECKS: RunChecks = {
  "RUN-001": {
    ...BAP_RUN_CHECKS["RUN-001"],
    message: "No check ran: nothing the BAP sent passed through observe. Configure it with the registry, gateway and bap_uri observe printed.",
  },
  "RUN-002": {
    holds: (_results, exchanges) => {
      const valid = exchanges.filter((e) => validCallback(e) !== undefined);
      return (exchanges.length > 0 && valid.length === 0) || valid.some((e) => isAck(e.response));
    },
    message: "The BAP refused every valid callback it got. Check that it finds each BPP's key in the registry observe printed.",
  },
  "RUN-003": {
    holds: (_results, exchanges) => exchanges.some((e) => callbackOf(e) !== undefined && e.response.kind === "response"),
    message:
      "No callback reached the BAP through observe. Check that its requests name the bap_uri observe printed for it, and that the BPPs it addressed answered.",
  },
};

/** A request's ttl when its context names none (core's examples). */
const DEFAULT_TTL_MS = 30_000;

const NOT_RECORDED: ExchangeResponse = { kind: "failure", failure: "other", detail: "The capture holds no synchronous answer.", connected: false, ms: 0 };

/** Why observation cannot judge each of these BAP checks: they judge the answer to what only the harness sends on purpose. */
const NOT_JUDGED: readonly (readonly [RegExp, string])[] = [
  [/^FLW-101$/, "judges the requests the harness's triggers ask for; observation triggers nothing."],
  [/^AUT-/, "judges the BAP's answer to signatures the harness forges on purpose; real BPPs send none it knows of."],
  [/^NEG-/, "judges the BAP's answer to callbacks the harness breaks, misaddresses, delays or repeats on purpose."],
  [/^ACK-103$/, "judges the BAP's answer to a valid callback the harness respells on purpose (other JSON for the same value)."],
];

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

function notJudged(): Map<string, string> {
  return new Map(
    BAP_CHECKS.flatMap((check) => {
      const reason = NOT_JUDGED.find(([pattern]) => pattern.test(check.id))?.[1];
      return reason === undefined ? [] : [[check.id, reason] as const];
    }),
  );
}

/** The BPP a message is to or from: the party at whose forwarder it arrived, else the one its context names. */
function bppOf(m: CapturedMessage, observation: Observation): HarnessBpp {
  const at = partyAt(m, observation.parties);
  if (at?.role === "bpp") {
    return { id: at.subscriberId, uri: at.url };
  }
  const context = contextOfBody(m.body);
  const named = observation.parties.find((p) => p.role === "bpp" && p.subscriberId === context["bpp_id"]);
  return named ? { id: named.subscriberId, uri: named.url } : { id: str(context["bpp_id"]) ?? "", uri: str(context["bpp_uri"]) ?? "" };
}

const ttlOf = (m: CapturedMessage): number => parseIsoDuration(contextOfBody(m.body)["ttl"]) ?? DEFAULT_TTL_MS;

function base(m: CapturedMessage, id: string): Omit<BapExchange, "kind" | "expectation" | "viaGateway" | "harnessBpp"> {
  return {
    id,
    scenario: OBSERVED,
    step: m.action,
    action: m.action,
    ttlMs: ttlOf(m),
    request: { url: m.url ?? m.action, headers: m.headers ?? {}, rawBody: m.rawBody, body: m.body, sentAt: m.at },
    response: m.response ?? NOT_RECORDED,
    callbacks: [],
  };
}

/** Why an observed callback is not a valid one the BAP must ACK, or undefined when it is. */
function invalidity(m: CapturedMessage, bap: ObservedParty, keys: PublicKeyLookup, options: ObservedJudgeOptions): Promise<string | undefined> {
  const context = contextOfBody(m.body);
  if (context["bap_id"] !== bap.subscriberId) {
    return Promise.resolve(`it is addressed to another BAP (context.bap_id ${JSON.stringify(context["bap_id"] ?? null)})`);
  }
  return invalidityOf(m, str(context["bpp_id"]), keys, options.profile);
}

/** The BAP's requests, as it sent them, and the callbacks posted to it, with its answers, in time order. */
async function exchangesOf(observation: Observation, bap: ObservedParty, options: ObservedJudgeOptions): Promise<BapExchange[]> {
  const messages = oneHopEach(observation.messages, BAP_HOPS);
  const sentBy = (m: CapturedMessage): boolean => !isCallbackAction(m.action) && !relayedByGateway(m) && contextOfBody(m.body)["bap_id"] === bap.subscriberId;
  const requests = messages.filter(sentBy);
  const requestIds = new Set(requests.flatMap((m) => str(contextOfBody(m.body)["message_id"]) ?? []));
  const exchanges: BapExchange[] = requests.map((m, i) => {
    const atGateway = postedTo(m, observation.gatewayUrl);
    return {
      ...base(m, `${bap.name}-request-${i + 1}`),
      kind: "bap-request",
      expectation: "answer",
      viaGateway: atGateway,
      arrivedAt: atGateway ? "gateway" : "bpp",
      harnessBpp: bppOf(m, observation),
    };
  });
  const callbacks = messages.filter((m) => isCallbackAction(m.action) && postedTo(m, bap.url));
  const keys = registeredKeys(observation.parties);
  for (const [i, m] of callbacks.entries()) {
    const messageId = str(contextOfBody(m.body)["message_id"]);
    const invalid = await invalidity(m, bap, keys, options);
    exchanges.push({
      ...base(m, `${bap.name}-callback-${i + 1}`),
      kind: "callback",
      expectation: "callback",
      viaGateway: relayedByGateway(m),
      harnessBpp: bppOf(m, observation),
      phase: "flow",
      ...(messageId !== undefined && requestIds.has(messageId) ? { inReplyTo: messageId } : {}),
      ...(invalid ? { invalid } : {}),
    });
  }
  return exchanges.sort((a, b) => a.request.sentAt - b.request.sentAt);
}

export async function judgeObservedBap(observation: Observation, bap: ObservedParty, options: ObservedJudgeOptions): Promise<RunResult> {
  const exchanges = await exchangesOf(observation, bap, options);
  const unjudged = notJudged();
  const rows = await judge(
    BAP_CHECKS.filter((c) => !unjudged.has(c.id)),
    exchanges,
    {
      strict: options.profile === "p2p-trade-strict",
      context: {
        profile: options.profile,
        skewSeconds: CLOCK_SKEW_SECONDS,
        maxUnsolicited: DEFAULT_RUN.maxUnsolicited,
        sut: { subscriberId: bap.subscriberId, publicKey: bap.publicKey, uniqueKeyId: bap.uniqueKeyId, url: bap.url },
        harness: { bapId: bap.subscriberId, bapUri: bap.url, domain: "" },
        ...(options.closed ? { closed: true } : {}),
        participantKeys: observation.parties
          .filter((p) => p !== bap)
          .map((p) =>
            participantKey(
              { subscriberId: p.subscriberId, uniqueKeyId: p.uniqueKeyId, signingPublicKey: p.publicKey },
              `${p.name}, another observed participant`,
            ),
          ),
      },
    },
  );
  const evidenceDropped = droppedNote(observation, bap);
  return observedRunResult({
    role: "bap",
    checks: BAP_CHECKS,
    notJudged: unjudged,
    rows,
    exchanges,
    runChecks: OBSERVED_BAP_RUN_CHECKS,
    sut: { url: bap.forwardsTo, publicUrl: bap.url, subscriberId: bap.subscriberId, publicKey: bap.publicKey, uniqueKeyId: bap.uniqueKeyId, embedded: false },
    startedAt: observation.startedAt,
    endedAt: observation.endedAt,
    skipped: exchanges.flatMap((e) =>
      e.invalid ? [{ scenario: OBSERVED, step: e.step, reason: `the ${e.action} is not judged as a valid callback: ${e.invalid}` }] : [],
    ),
    ...(evidenceDropped ? { evidenceDropped } : {}),
  });
}
