/**
 * A BPP judged on observed traffic (`observe`): the transactions of the capture whose requests were
 * posted to its forwarder, paired and judged exactly as `validate --transactions` judges a HAR
 * (transactions.ts, judge-capture.ts), with every party's registered key, so the same capture.har
 * judged later gives the same findings. The checks a capture cannot judge are listed, never passed.
 */
import type { RunResult, SkippedStep } from "../../../../results/index.js";
import type { Observation, ObservedJudgeOptions } from "../../../core/observe/observation.js";
import { droppedNote } from "../../../core/observe/observation.js";
import { observedRunResult } from "../../../core/observe/observed-result.js";
import type { ObservedParty } from "../../../core/observe/network.js";
import { ANSWERING_SUT_RUN_CHECKS, type RunChecks } from "../../../core/run-checks.js";
import type { Exchange } from "../../../core/check.js";
import { contextOfBody } from "../../../core/capture/captured.js";
import { invalidityOf, registeredKeys } from "../../../core/observe/validity.js";
import { isAck } from "../../../core/read.js";
import { BPP_CHECKS } from "../checks/index.js";
import { judgeCapture, type PublicKeyEntry } from "./judge-capture.js";
import { notJudgedReason, type CaptureMeans } from "./judged-checks.js";
import { transactionsOf } from "./transactions.js";

/** An observation is recorded on the wire, and every party's key is registered with the harness. */
const OBSERVED: CaptureMeans = { onTheWire: true, key: true };

const keysOf = (parties: readonly ObservedParty[]): PublicKeyEntry[] =>
  parties.map((p) => ({ subscriberId: p.subscriberId, uniqueKeyId: p.uniqueKeyId, publicKey: p.publicKey, url: p.url }));

/** Callbacks of this BPP that answer no request recorded: kept in the capture, named in the report. */
function unpairedSteps(unpaired: readonly { readonly action: string; readonly source: string }[], transactionId: string): SkippedStep[] {
  return unpaired.map((m) => ({
    scenario: transactionId,
    step: m.action,
    reason: `a callback that answers no request the forwarders recorded (${m.source}); not judged`,
  }));
}

/**
 * The run-level checks for an observed BPP: its requests come from real BAPs, so what it owes is
 * judged on the valid ones (signed by the BAP they name, valid under the profile): RUN-002 holds
 * unless it refused every valid request, RUN-003 unless it called back for none it ACKed. A BPP
 * nothing reached fails all three: observation saw nothing to judge.
 */
function observedRunChecks(valid: ReadonlySet<string>): RunChecks {
  const ackedValid = (exchanges: readonly Exchange[]): Exchange[] => exchanges.filter((e) => valid.has(e.id) && isAck(e.response));
  return {
    "RUN-001": {
      ...ANSWERING_SUT_RUN_CHECKS["RUN-001"],
      message: "No check ran: no request reached the BPP through observe. Have the BAPs reach it at the bpp_uri observe printed for it.",
    },
    "RUN-002": {
      holds: (_results, exchanges) => (exchanges.length > 0 && valid.size === 0) || ackedValid(exchanges).length > 0,
      message: "The BPP refused every valid request it got. Check that it finds each BAP's key in the registry observe printed.",
    },
    "RUN-003": {
      holds: (_results, exchanges) => (exchanges.length > 0 && ackedValid(exchanges).length === 0) || exchanges.some((e) => e.callbacks.length > 0),
      message: "The BPP ACKed valid requests but no callback of it passed through observe. Have it call back to the request's context.bap_uri.",
    },
  };
}

/** The ids of the exchanges whose request is valid: signed by the BAP its context names, valid under the profile. */
async function validRequests(exchanges: readonly Exchange[], observation: Observation, options: ObservedJudgeOptions): Promise<Set<string>> {
  const valid = new Set<string>();
  const keys = registeredKeys(observation.parties);
  for (const e of exchanges) {
    const bapId = contextOfBody(e.request.body)["bap_id"];
    const message = { headers: e.request.headers, rawBody: e.request.rawBody, body: e.request.body, at: e.request.sentAt };
    if ((await invalidityOf(message, typeof bapId === "string" ? bapId : undefined, keys, options.profile)) === undefined) {
      valid.add(e.id);
    }
  }
  return valid;
}

export async function judgeObservedBpp(observation: Observation, party: ObservedParty, options: ObservedJudgeOptions): Promise<RunResult> {
  const mine = transactionsOf(observation.messages).filter((tx) => tx.exchanges.some((e) => e.request.url.startsWith(`${party.url}/`)));
  const judged = await judgeCapture(mine, {
    profile: options.profile,
    ...(options.closed ? { closed: true } : {}),
    keys: keysOf(observation.parties),
    bpp: { subscriberId: party.subscriberId, url: party.url },
  });
  const notJudged = new Map(
    BPP_CHECKS.flatMap((check) => {
      const reason = notJudgedReason(check, OBSERVED);
      return reason === undefined ? [] : [[check.id, reason] as const];
    }),
  );
  const evidenceDropped = droppedNote(observation, party);
  const exchanges = judged.flatMap((tx) => tx.exchanges);
  return observedRunResult({
    role: "bpp",
    checks: BPP_CHECKS,
    notJudged,
    rows: judged.flatMap((tx) => tx.results),
    exchanges,
    runChecks: observedRunChecks(await validRequests(exchanges, observation, options)),
    sut: {
      url: party.forwardsTo,
      publicUrl: party.url,
      subscriberId: party.subscriberId,
      publicKey: party.publicKey,
      uniqueKeyId: party.uniqueKeyId,
      embedded: false,
    },
    startedAt: observation.startedAt,
    endedAt: observation.endedAt,
    skipped: judged.flatMap((tx) => unpairedSteps(tx.unpaired, tx.transactionId)),
    ...(evidenceDropped ? { evidenceDropped } : {}),
  });
}
