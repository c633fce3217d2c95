import { appendFileSync } from "node:fs";
import { answerProblem, send, type FuzzRequest } from "./fuzz-request.js";
import { networkAnswers } from "./health.js";
import { kitFor, type FuzzClass } from "./kit.js";
import type { FuzzNetwork } from "./fuzz-network.js";
import { blockBudgetMs, BUSY_PARSE_FACTOR, heapAfterGc, MAX_BLOCK_MS, MB, type LoopBlock } from "./measures.js";

const BUSY = `${BUSY_PARSE_FACTOR} × the parse of its body on a busy machine`;
/**
 * Requests the servers may receive because of one fuzz request, beyond the request itself: a
 * search the gateway multicasts to two BPPs whose on_search it relays, a confirm's callbacks and
 * the unsolicited on_status of its transfer, a trigger's request and callback. A loop makes hundreds.
 */
export const MAX_CAUSED_PER_REQUEST = 6;
/** The network must go quiet (no request for QUIET_MS) within this deadline after a class; a loop never does. */
export const QUIET_MS = 500;
export const QUIET_DEADLINE_MS = 10_000;
/** A class stops early after this many failing requests: enough to show it, without waiting out every block. */
export const MAX_FAILURES = 5;
/** Nor does it send more once it has run this long (today's main blocks for minutes on one request). */
export const CLASS_TIME_BUDGET_MS = 90_000;
/** A request over its budget is sent again, up to this many sends in all, and its smallest block judged (as test/security/work.test.ts). */
export const MAX_SENDS = 3;
/** A block this many times its budget is no scheduler's noise: judged at once, not sent again. */
export const NOISE_FACTOR = 10;

export interface ClassReport {
  readonly sent: number;
  /** Answers that are not coded ACKs or NACKs, 5xx, failed `also`s. */
  readonly problems: string[];
  /** Requests that blocked the loop over their budget on their best send. */
  readonly blocks: string[];
  /** Loops: the network not quiet in time, or more requests than MAX_CAUSED_PER_REQUEST each. */
  readonly loops: string[];
  /** The class's own checks. */
  readonly verified: string[];
  /** Whether the guide's select still works afterwards. */
  readonly health: string[];
  readonly heapGrowthMb: number;
  /** The slowest request and its block, for the log. */
  readonly slowest: string;
}

interface Sent {
  readonly problem: string | undefined;
  readonly blockMs: number;
  /** What the block may be for this body on this machine now (measures.ts blockBudgetMs). */
  readonly budgetMs: number;
  readonly status: number;
}

/** `FUZZ_LOG=<file>`: one line per request sent (tag, status, block, name) and one per class. */
function note(line: string): void {
  const file = process.env["FUZZ_LOG"];
  if (file) {
    appendFileSync(file, `${line}\n`);
  }
}

const log = (tag: string, request: FuzzRequest, sent: Sent): void =>
  note(
    `${tag}\t${sent.status}\t${sent.blockMs.toFixed(0)} ms\t(budget ${sent.budgetMs.toFixed(0)} ms)\t${request.name}${sent.problem ? `\t${sent.problem}` : ""}`,
  );

async function measured(request: FuzzRequest, loop: LoopBlock, fuzz: FuzzNetwork): Promise<Sent> {
  const wire = request.wire?.();
  const { value, blockMs } = await loop.measure(async () => {
    const answer = await send(request, wire);
    // The callbacks the request caused are part of its work.
    await fuzz.network.bpp.handle.engine.idle();
    return answer;
  });
  // Measured only when the block passed 100 ms (three parses of a 1 MB body are not free). A GET's
  // work is the answer it serialises (GET /exchanges shows all the BAP keeps): its text is the body.
  const text = wire?.body ?? (request.get ? value.text : undefined);
  const budgetMs = blockMs > MAX_BLOCK_MS && text !== undefined ? blockBudgetMs(text) : MAX_BLOCK_MS;
  return { problem: answerProblem(request, value), blockMs, budgetMs, status: value.status };
}

/**
 * Sends each request in turn; one whose block exceeds its budget (measures.ts blockBudgetMs; but not
 * NOISE_FACTOR times it) is sent again (fresh), up to MAX_SENDS in all, and its best send is judged:
 * work that grows with the body repeats, a busy machine's scheduler or a garbage collection seldom does.
 */
async function fire(requests: readonly FuzzRequest[], loop: LoopBlock, fuzz: FuzzNetwork, tag: (i: number) => string) {
  const problems: string[] = [];
  const blocks: string[] = [];
  let sent = 0;
  let slowest = { ms: 0, name: "" };
  const started = performance.now();
  for (const [i, request] of requests.entries()) {
    if (problems.length + blocks.length >= MAX_FAILURES || performance.now() - started > CLASS_TIME_BUDGET_MS) {
      problems.push(
        `stopped after ${problems.length + blocks.length} failing requests in ${((performance.now() - started) / 1000).toFixed(0)} s; ${requests.length - i} not sent`,
      );
      break;
    }
    let result = await measured(request, loop, fuzz);
    log(tag(i), request, result);
    sent += 1;
    for (let attempt = 1; attempt < MAX_SENDS && result.blockMs > result.budgetMs && result.blockMs < NOISE_FACTOR * result.budgetMs; attempt += 1) {
      const again = await measured(request, loop, fuzz);
      log(`${tag(i)} again`, request, again);
      sent += 1;
      result =
        again.blockMs - again.budgetMs < result.blockMs - result.budgetMs
          ? { ...again, problem: result.problem ?? again.problem }
          : { ...result, problem: result.problem ?? again.problem };
    }
    if (result.problem !== undefined) {
      problems.push(`${tag(i)} ${request.name}: ${result.problem}`);
    }
    if (result.blockMs > result.budgetMs) {
      blocks.push(
        `${tag(i)} ${request.name}: blocked the event loop ${result.blockMs.toFixed(0)} ms, over its budget of ${result.budgetMs.toFixed(0)} ms (${MAX_BLOCK_MS} ms, or ${BUSY}) on its best send`,
      );
    }
    slowest = result.blockMs > slowest.ms ? { ms: result.blockMs, name: request.name } : slowest;
  }
  return { problems, blocks, sent, slowest: `${slowest.ms.toFixed(0)} ms: ${slowest.name}` };
}

async function loopsAfter(fuzz: FuzzNetwork, before: number, sent: number): Promise<string[]> {
  const loops: string[] = [];
  await fuzz.network.bpp.handle.engine.idle();
  await fuzz.traffic.quiet(QUIET_MS, QUIET_DEADLINE_MS).catch((error: Error) => loops.push(error.message));
  const caused = fuzz.traffic.total - before - sent;
  if (caused > MAX_CAUSED_PER_REQUEST * sent) {
    loops.push(`${sent} fuzz requests caused ${caused} more requests (at most ${MAX_CAUSED_PER_REQUEST} each): ${JSON.stringify(fuzz.traffic.counts())}`);
  }
  return loops;
}

/** Runs one class against the network and measures everything its test asserts. */
export async function runClass(fuzz: FuzzNetwork, fuzzClass: FuzzClass, seed: number, loop: LoopBlock, baselineHeap: number): Promise<ClassReport> {
  const kit = kitFor(fuzz, seed);
  await fuzzClass.prepare?.(kit);
  const requests = fuzzClass.requests(kit);
  await fuzz.traffic.quiet(QUIET_MS, QUIET_DEADLINE_MS);
  const before = fuzz.traffic.total;
  const fired = await fire(requests, loop, fuzz, (i) => `[seed ${seed} #${i}]`);
  const loops = await loopsAfter(fuzz, before, fired.sent);
  const verified = (await fuzzClass.verify?.(kit)) ?? [];
  const health = await networkAnswers(fuzz);
  await fuzz.traffic.quiet(QUIET_MS, QUIET_DEADLINE_MS).catch(() => undefined);
  Object.values(fuzz.inboxes).forEach((inbox) => inbox.clear());
  fuzz.bait.clear();
  const heapGrowthMb = (heapAfterGc() - baselineHeap) / MB;
  note(
    `[seed ${seed}] ${fuzzClass.id}: ${fired.sent} sent, slowest ${fired.slowest}, heap +${heapGrowthMb.toFixed(1)} MB, requests so far ${JSON.stringify(fuzz.traffic.counts())}`,
  );
  return { sent: fired.sent, problems: fired.problems, blocks: fired.blocks, loops, verified, health, heapGrowthMb, slowest: fired.slowest };
}
