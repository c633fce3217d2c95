import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { BPP_CHECKS } from "../suites/roles/bpp/checks/index.js";
import { DEFAULT_RUN } from "../suites/core/config.js";
import { runLoad, type LoadReport } from "../suites/roles/bpp/load/run-load.js";
import { freePort, startChildBpp } from "./child-bpp.js";

/**
 * Load mode at scale against the reference BPP in its own process (so the heap measured is the
 * harness's alone): no callback may be lost, and memory must not grow with the transaction count.
 * The bound compares the heap retained after a full GC at the warm-up checkpoint (a fifth of the
 * run) with the heap retained at the end: past warm-up, more transactions must not cost more memory.
 */
export interface LoadFigures {
  readonly report: LoadReport;
  readonly checkpoint: number;
  readonly retainedAtCheckpoint: number;
  readonly retainedAtEnd: number;
  /** Allowed growth from checkpoint to end: a quarter, plus 8 MB of slack for GC timing. */
  readonly bound: number;
  readonly memoryBounded: boolean;
}

function forcedGc(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

export async function benchLoad(transactions: number, concurrency = 100): Promise<LoadFigures> {
  const gc = forcedGc();
  const retained = (): number => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const checkpoint = Math.max(1, Math.floor(transactions / 5));
  let atCheckpoint = 0;
  let atEnd = 0;
  const port = await freePort();
  const bpp = await startChildBpp(`http://127.0.0.1:${port}`);
  try {
    const config = { ...DEFAULT_RUN, registryPort: port, target: bpp.url, sutId: bpp.subscriberId, sutKey: bpp.publicKey, maxTimeMs: 3_600_000 };
    const report = await runLoad(config, BPP_CHECKS, {
      concurrency,
      transactions,
      onTransaction: ({ done, elapsedMs }) => {
        if (done % Math.max(1, Math.floor(transactions / 10)) === 0) {
          process.stderr.write(`   … ${done}/${transactions} transactions in ${(elapsedMs / 1000).toFixed(0)} s\n`);
        }
        if (done === checkpoint) {
          atCheckpoint = retained();
        } else if (done === transactions) {
          atEnd = retained();
        }
      },
    });
    const bound = atCheckpoint * 1.25 + 8 * 1024 * 1024;
    return { report, checkpoint, retainedAtCheckpoint: atCheckpoint, retainedAtEnd: atEnd, bound, memoryBounded: atEnd <= bound };
  } finally {
    await bpp.stop();
  }
}
