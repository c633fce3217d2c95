import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

/** The heap in use after two full collections, in bytes. */
export function heapAfterGc(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/**
 * `thousands` × 1000 empty objects, in arrays of 1000 (within any array-length limit): about
 * 3 bytes of text each and 64 bytes once parsed, so 300 thousands are 0.9 MB of text and 20 MB parsed.
 */
export function denseJson(thousands: number): string {
  const chunk = `[${Array(1000).fill("{}").join(",")}]`;
  return `[${Array(thousands).fill(chunk).join(",")}]`;
}

export const MiB = 1024 * 1024;
