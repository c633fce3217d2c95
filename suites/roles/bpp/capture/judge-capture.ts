/**
 * Judges captured transactions with the BPP's own checks (judged-checks.ts says which), through the
 * same judge a live run uses, so the same traffic gives the same findings live and from its capture.
 * Each transaction is judged with the context its traffic names: the BPP is the `bpp_id` its
 * callbacks carry, at the URL the BAP's requests were posted to.
 */
import { CLOCK_SKEW_SECONDS } from "../../../../protocol/clock.js";
import type { CandidateKey } from "../../../../protocol/signing/diagnose/index.js";
import { parseSignatureHeader } from "../../../../protocol/signing/header.js";
import type { CheckContext, CheckResult, Exchange } from "../../../core/check.js";
import { DEFAULT_RUN } from "../../../core/config.js";
import { contextOfBody } from "../../../core/capture/captured.js";
import { judge } from "../../../core/judge.js";
import { headerOf } from "../../../core/read.js";
import { BPP_CHECKS } from "../checks/index.js";
import { judgedChecks, notJudgedReason } from "./judged-checks.js";
import type { CapturedTransaction, Participants } from "./transactions.js";

/** A public signing key, as a registry's /lookup gives it. */
export interface PublicKeyEntry {
  readonly subscriberId: string;
  /** Empty when the entry names none. */
  readonly uniqueKeyId: string;
  /** base64 of the raw 32-byte ed25519 key. */
  readonly publicKey: string;
  /** The subscriber's registered URL (`subscriber_url`, else `url`), when the entry gives one: the URL its `bpp_uri` must name. */
  readonly url?: string;
}

export interface CaptureOptions {
  readonly profile: CheckContext["profile"];
  readonly closed?: boolean;
  readonly keys: readonly PublicKeyEntry[];
  /**
   * The BPP the capture is of, when the caller knows it (`observe` registered it): judged as that
   * subscriber at that URL, as a live run judges `--sut-id`, whatever its callbacks call it. Without
   * it, the BPP is the one the traffic names.
   */
  readonly bpp?: { readonly subscriberId: string; readonly url: string };
}

export interface NotJudged {
  readonly id: string;
  readonly reason: string;
}

export interface JudgedTransaction {
  readonly transactionId: string;
  readonly participants: Participants;
  readonly exchanges: readonly Exchange[];
  /** One row per check and exchange it applied to; a check that applied to none of this transaction's exchanges has no row. */
  readonly results: readonly CheckResult[];
  readonly notJudged: readonly NotJudged[];
  readonly unpaired: CapturedTransaction["unpaired"];
}

const withoutSlash = (url: string): string => url.replace(/\/+$/, "");

/**
 * Each BPP's URL, by its bpp_id: the URL registered for it (a key entry's), else the base of the
 * URLs the BAP posted its requests to (the endpoint taken off), else the request's
 * `context.bpp_uri`. A search, which may have gone to a gateway, names no BPP's URL.
 */
function bppUrls(transactions: readonly CapturedTransaction[], keys: readonly PublicKeyEntry[]): Map<string, string> {
  const urls = new Map<string, string>(keys.flatMap((k) => (k.url ? [[k.subscriberId, withoutSlash(k.url)] as const] : [])));
  for (const { participants, exchanges } of transactions) {
    const direct = exchanges.find((e) => e.action !== "search" && e.request.url.endsWith(`/${e.action}`));
    const url = direct ? withoutSlash(direct.request.url.slice(0, -(direct.action.length + 1))) : undefined;
    const named = exchanges.map((e) => contextOfBody(e.request.body)["bpp_uri"]).find((u): u is string => typeof u === "string");
    if (participants.bppId !== undefined && !urls.has(participants.bppId) && (url ?? named) !== undefined) {
      urls.set(participants.bppId, url ?? withoutSlash(named as string));
    }
  }
  return urls;
}

/**
 * The BPP's key to verify with: of the keys given for its subscriber id, the one whose key id its
 * callbacks' signatures name (a BPP may list several), else the first.
 */
function bppKey(tx: CapturedTransaction, bppId: string, keys: readonly PublicKeyEntry[]): PublicKeyEntry | undefined {
  const own = keys.filter((k) => k.subscriberId === bppId);
  const named = new Set(
    tx.exchanges.flatMap((e) =>
      e.callbacks.flatMap((c) => {
        const parsed = parseSignatureHeader(headerOf(c.headers, "authorization") ?? "");
        return parsed.ok ? [parsed.params.keyId.uniqueKeyId] : [];
      }),
    ),
  );
  return own.find((k) => named.has(k.uniqueKeyId)) ?? own[0];
}

function contextFor(tx: CapturedTransaction, bppId: string, url: string, options: CaptureOptions): Omit<CheckContext, "scenarioExchanges"> {
  const key = bppKey(tx, bppId, options.keys);
  const others: CandidateKey[] = options.keys
    .filter((k) => k !== key)
    .map((k) => ({ subscriberId: k.subscriberId, uniqueKeyId: k.uniqueKeyId, publicKey: k.publicKey, label: `${k.subscriberId} (from the keys given)` }));
  const domain = tx.exchanges.map((e) => contextOfBody(e.request.body)["domain"]).find((d): d is string => typeof d === "string") ?? "";
  return {
    profile: options.profile,
    sut: { subscriberId: bppId, publicKey: key?.publicKey ?? "", ...(key?.uniqueKeyId ? { uniqueKeyId: key.uniqueKeyId } : {}), url },
    harness: { bapId: tx.participants.bapId ?? "", bapUri: tx.participants.bapUri ?? "", domain },
    skewSeconds: CLOCK_SKEW_SECONDS,
    maxUnsolicited: DEFAULT_RUN.maxUnsolicited,
    ...(options.closed ? { closed: true } : {}),
    participantKeys: others,
  };
}

/** Judges every transaction; results keep the order of their exchanges, checks in catalogue order. */
export async function judgeCapture(transactions: readonly CapturedTransaction[], options: CaptureOptions): Promise<JudgedTransaction[]> {
  const urls = bppUrls(transactions, options.keys);
  const judged: JudgedTransaction[] = [];
  for (const tx of transactions) {
    const bppId = options.bpp?.subscriberId ?? tx.participants.bppId ?? "";
    const url = options.bpp?.url ?? urls.get(bppId) ?? withoutSlash(tx.participants.bppUri ?? "");
    const means = { onTheWire: tx.onTheWire, key: options.keys.some((k) => k.subscriberId === bppId) };
    const rows = await judge(judgedChecks(means), tx.exchanges, {
      strict: options.profile === "p2p-trade-strict",
      context: contextFor(tx, bppId, url, options),
    });
    judged.push({
      transactionId: tx.transactionId,
      participants: tx.participants,
      exchanges: tx.exchanges,
      results: rows.filter((r) => r.exchange !== null),
      notJudged: BPP_CHECKS.flatMap((check) => {
        const reason = notJudgedReason(check, means);
        return reason === undefined ? [] : [{ id: check.id, reason }];
      }),
      unpaired: tx.unpaired,
    });
  }
  return judged;
}
