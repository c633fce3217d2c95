/**
 * `validate --transactions` (implied by a .har input): captured traffic judged as whole
 * transactions, by the BPP's own checks (suites/roles/bpp/capture), with live severity.
 */
import { extname } from "node:path";
import { HarnessError } from "../../protocol/errors.js";
import type { ProfileName } from "../../schemas/index.js";
import { isHar, messagesOfHar, messagesOfLog, type CapturedMessage } from "../../suites/core/capture/captured.js";
import { judgeCapture, type JudgedTransaction, type PublicKeyEntry } from "../../suites/roles/bpp/capture/judge-capture.js";
import { transactionsOf } from "../../suites/roles/bpp/capture/transactions.js";
import { printable, styleFor, type Style } from "../output.js";
import { lookupPublicKeys, readPublicKeys } from "../public-keys.js";
import { expandInputs, messagesOfText, readInputText } from "../read-messages.js";

export interface TransactionOptions {
  readonly profile: ProfileName;
  readonly closed: boolean;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly keys?: string;
  readonly registryUrl?: string;
}

/** The Beckn messages of one file: a HAR's entries, or a log's messages. */
export function captureOf(file: string): CapturedMessage[] {
  const text = readInputText(file);
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch {
    doc = undefined;
  }
  if (isHar(doc)) {
    return messagesOfHar(doc, file);
  }
  if (extname(file) === ".har") {
    throw new HarnessError("P2PC_ERR_INPUT_NOT_JSON", `${file}: a .har file, but not a HAR (JSON with log.entries).`);
  }
  return messagesOfLog(messagesOfText(text, file));
}

async function keysFor(options: TransactionOptions, messages: readonly CapturedMessage[]): Promise<PublicKeyEntry[]> {
  if (options.keys !== undefined && options.registryUrl !== undefined) {
    throw new HarnessError("P2PC_ERR_USAGE", "give --keys or --registry-url, not both.");
  }
  if (options.keys !== undefined) {
    return readPublicKeys(options.keys);
  }
  if (options.registryUrl === undefined) {
    return [];
  }
  const bppIds = transactionsOf(messages).flatMap((tx) => (tx.participants.bppId ? [tx.participants.bppId] : []));
  return lookupPublicKeys(options.registryUrl, [...new Set(bppIds)]);
}

const iso = (ms: number): string => new Date(Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : 0).toISOString();
const idOf = (body: unknown): unknown => (body as { context?: { message_id?: unknown } } | undefined)?.context?.message_id;

/** What `--json` prints of a transaction: its exchanges summarised (the bodies are in the capture), its results whole. */
function jsonOf(tx: JudgedTransaction): unknown {
  return {
    transactionId: tx.transactionId,
    participants: tx.participants,
    exchanges: tx.exchanges.map((e) => ({
      id: e.id,
      action: e.action,
      url: e.request.url,
      messageId: idOf(e.request.body) ?? null,
      sentAt: iso(e.request.sentAt),
      status: e.response.kind === "response" ? e.response.status : null,
      callbacks: e.callbacks.map((c) => ({ action: c.action, messageId: idOf(c.body) ?? null, matchedBy: c.matchedBy, receivedAt: iso(c.receivedAt) })),
    })),
    results: tx.results,
    notJudged: tx.notJudged,
    unpaired: tx.unpaired.map((m) => ({ source: m.source, action: m.action })),
  };
}

const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`;
const failed = (tx: JudgedTransaction): number => tx.results.filter((r) => r.status === "fail" || r.status === "error").length;
const warned = (tx: JudgedTransaction): number => tx.results.filter((r) => r.status === "warn").length;

function printTransaction(tx: JudgedTransaction, quiet: boolean, style: Style, out: (line: string) => void): void {
  const { bapId, bppId } = tx.participants;
  const label = failed(tx) > 0 ? style.fail("FAIL") : style.pass("PASS");
  const who = `${printable(bapId ?? "?")} → ${printable(bppId ?? "?")}`;
  out(`${label}  ${printable(tx.transactionId)}  ${who}  ${counted(tx.exchanges.length, "exchange")}, ${failed(tx)} failed, ${warned(tx)} warned`);
  for (const e of tx.exchanges) {
    const rows = tx.results.filter((r) => r.exchange === e.id && (r.status === "fail" || r.status === "error" || (!quiet && r.status === "warn")));
    const callbacks = e.callbacks.map((c) => `${printable(c.action)}${c.matchedBy === "message_id" ? "" : ` (${c.matchedBy})`}`).join(", ");
    out(`      ${printable(e.action)} → ${callbacks || "no callback"}  ${style.dim(printable(e.id))}`);
    for (const r of rows) {
      const tag = r.status === "warn" ? style.warn("warn") : style.fail(r.status);
      for (const f of r.findings) {
        out(`        ${tag} ${r.id} [${r.severity}] ${f.path ? `${printable(f.path)}: ` : ""}${printable(f.message)}`);
      }
    }
  }
  for (const m of tx.unpaired) {
    out(`      ${printable(m.action)} ${style.dim(`unpaired: no request of the capture answers it (${printable(m.source)})`)}`);
  }
}

/** Why checks were not judged, each reason once with the ids it covers. */
function printNotJudged(transactions: readonly JudgedTransaction[], style: Style, out: (line: string) => void): void {
  const byReason = new Map<string, Set<string>>();
  for (const { id, reason } of transactions.flatMap((tx) => tx.notJudged)) {
    byReason.set(reason, (byReason.get(reason) ?? new Set()).add(id));
  }
  if (byReason.size > 0) {
    out(style.dim("Not judged from a capture (never passed):"));
  }
  for (const [reason, ids] of byReason) {
    out(style.dim(`  ${[...ids].join(", ")}: ${reason}`));
  }
}

/** Runs `validate --transactions`; returns the exit code: 1 a failed MUST (or a SHOULD under strict), 2 an unreadable input or a check that broke, else 0. */
export async function runValidateTransactions(
  positionals: readonly string[],
  options: TransactionOptions,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const messages: CapturedMessage[] = [];
  let unreadable = 0;
  for (const file of expandInputs(positionals, [".json", ".jsonl", ".har"])) {
    try {
      messages.push(...captureOf(file));
    } catch (error) {
      if (!(error instanceof HarnessError)) {
        throw error;
      }
      err(`p2p-conformance: ${printable(error.message)} [${error.code}]`);
      unreadable += 1;
    }
  }
  const keys = await keysFor(options, messages);
  const transactions = await judgeCapture(transactionsOf(messages), { profile: options.profile, closed: options.closed, keys });
  const failedRows = transactions.flatMap((tx) => tx.results.filter((r) => r.status === "fail"));
  const broken = transactions.some((tx) => tx.results.some((r) => r.status === "error"));
  if (options.json) {
    out(
      JSON.stringify(
        { profile: options.profile, ...(options.closed ? { closed: true } : {}), verdicts: [], unreadable, transactions: transactions.map(jsonOf) },
        null,
        2,
      ),
    );
  } else {
    const style = styleFor(process.stdout);
    const exchanges = transactions.reduce((n, tx) => n + tx.exchanges.length, 0);
    out(
      style.bold(
        `Judging ${counted(transactions.length, "transaction")} (${counted(exchanges, "exchange")}) from captured traffic under profile ${options.profile}, with the BPP's checks`,
      ),
    );
    for (const tx of transactions.filter((t) => !options.quiet || failed(t) > 0)) {
      printTransaction(tx, options.quiet, style, out);
    }
    printNotJudged(transactions, style, out);
    const failing = transactions.filter((tx) => failed(tx) > 0).length;
    out(
      `${counted(transactions.length - failing, "transaction")} passed, ${failing} failed; ${counted(failedRows.length, "failed check")}${unreadable ? `, ${unreadable} unreadable file${unreadable === 1 ? "" : "s"}` : ""}`,
    );
  }
  return failedRows.length > 0 ? 1 : unreadable > 0 || broken ? 2 : 0;
}
