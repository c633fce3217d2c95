import { EventEmitter } from "node:events";
import { Decimal } from "../../fixtures/builders/index.js";
import { retainedBytes } from "../../protocol/retained.js";
import { MeterRegisters } from "./registers.js";
import {
  LAYER2_STATE_CODES,
  type Grid,
  type GridOptions,
  type GridTimer,
  type StateChangeListener,
  type TransferEvent,
  type TransferRequest,
  type TransferSnapshot,
  type TransferState,
} from "./types.js";
import { gridVariants, type GridVariantId } from "./variants.js";

export const DEFAULT_COMPRESSED_TRANSFER_MS = 3000;
export const MAX_COMPRESSED_TRANSFER_MS = 5000;
/**
 * How many transfers the grid remembers, and how many bytes they may hold together, counted as
 * held (docs/limits.md "Stored bytes"): as many as the BPP keeps deals (10,000), and 64 MiB. A
 * transfer of the guide's order counts 4.6 KiB with its events; one whose meter is a
 * string of 1 MB counts 2 MiB. Past either bound the oldest ended transfer is forgotten first,
 * else the oldest one (its remaining steps are cancelled).
 */
export const MAX_TRANSFERS = 10_000;
export const MAX_TRANSFER_BYTES = 64 * 1024 * 1024;
/** Bytes counted per logged event beyond the request's strings (which events share). */
const EVENT_BYTES = 1024;

/** Unref'd: a pending transfer alone never keeps the process alive (a listening server does). */
const defaultTimer: GridTimer = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Transfer {
  readonly request: TransferRequest;
  state: TransferState;
  delivered: string;
  readonly log: TransferEvent[];
  readonly timers: Set<unknown>;
}

/** When each later state is due, in ms from now: In-Progress halfway, Completed at the end. */
interface Schedule {
  readonly inProgressMs: number;
  readonly completedMs: number;
}

const snapshot = (t: Transfer): TransferSnapshot => ({ request: t.request, state: t.state, running: t.timers.size > 0 });

function checkCompressedMs(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_COMPRESSED_TRANSFER_MS) {
    throw new RangeError(`compressedTransferMs must be above 0 and at most ${MAX_COMPRESSED_TRANSFER_MS} (a whole transfer in 5 s or less); got ${ms}.`);
  }
  return ms;
}

function scheduleFor(request: TransferRequest, opts: GridOptions, now: number, compressedMs: number): Schedule {
  if (!opts.realTime) {
    return { inProgressMs: compressedMs / 2, completedMs: compressedMs };
  }
  const start = Date.parse(request.window.start);
  const end = Date.parse(request.window.end);
  const from = Number.isNaN(start) ? now : Math.max(start, now);
  const to = Number.isNaN(end) ? from : Math.max(end, from);
  return { inProgressMs: (from + to) / 2 - now, completedMs: to - now };
}

/**
 * The embedded grid operator. A transfer goes Pending → In-Progress → Completed on a compressed
 * clock (the whole transfer in `compressedTransferMs`, 3 s by default), or over the real delivery
 * window with `realTime`. Each state change reads both meters, appends to the order's log and
 * emits `state-change`.
 */
export function createGrid(opts: GridOptions = {}): Grid {
  return new GridOperator(opts);
}

class GridOperator implements Grid {
  readonly #opts: GridOptions;
  readonly #variants: ReadonlySet<GridVariantId>;
  /** Whether a variant is on (mocks/grid/variants.ts). */
  has(variant: GridVariantId): boolean {
    return this.#variants.has(variant);
  }
  readonly #now: () => number;
  readonly #timer: GridTimer;
  readonly #compressedMs: number;
  readonly #emitter = new EventEmitter();
  readonly #registers = new MeterRegisters();
  readonly #transfers = new Map<string, Transfer>();
  readonly #sizes = new Map<Transfer, number>();
  #bytes = 0;

  constructor(opts: GridOptions) {
    this.#opts = opts;
    this.#variants = gridVariants(opts.variants);
    this.#now = opts.now ?? Date.now;
    this.#timer = opts.timer ?? defaultTimer;
    this.#compressedMs = checkCompressedMs(opts.compressedTransferMs ?? DEFAULT_COMPRESSED_TRANSFER_MS);
  }

  startTransfer(request: TransferRequest): TransferSnapshot {
    const running = this.#transfers.get(request.orderId);
    if (running) {
      return snapshot(running);
    }
    const t: Transfer = { request, state: "Pending", delivered: "0", log: [], timers: new Set() };
    this.#transfers.set(request.orderId, t);
    this.#count(t, retainedBytes(request) + 2 * request.orderId.length);
    const schedule = scheduleFor(request, this.#opts, this.#now(), this.#compressedMs);
    this.#later(t, schedule.inProgressMs, () => this.#record(t, "In-Progress", new Decimal(request.kwh).div(2).toFixed()));
    if (!this.#opts.stall) {
      this.#later(t, schedule.completedMs, () => this.#record(t, "Completed", new Decimal(request.kwh).toFixed()));
    }
    this.#record(t, "Pending", "0");
    return snapshot(t);
  }

  cancelTransfer(orderId: string): boolean {
    const t = this.#transfers.get(orderId);
    if (!t || t.state === "Completed" || t.state === "Cancelled") {
      return false;
    }
    this.#clear(t);
    this.#record(t, "Cancelled", t.delivered);
    return true;
  }

  events(orderId: string): readonly TransferEvent[] | undefined {
    return this.#transfers.get(orderId)?.log.slice();
  }

  transfer(orderId: string): TransferSnapshot | undefined {
    const t = this.#transfers.get(orderId);
    return t ? snapshot(t) : undefined;
  }

  on(event: "state-change", listener: StateChangeListener): () => void {
    this.#emitter.on(event, listener);
    return () => this.#emitter.off(event, listener);
  }

  stop(): void {
    this.#transfers.forEach((t) => this.#clear(t));
  }

  /** The bytes the remembered transfers hold, as counted. */
  get keptBytes(): number {
    return this.#bytes;
  }

  #count(t: Transfer, bytes: number): void {
    this.#sizes.set(t, (this.#sizes.get(t) ?? 0) + bytes);
    this.#bytes += bytes;
    while (this.#transfers.size > 1 && (this.#transfers.size > MAX_TRANSFERS || this.#bytes > MAX_TRANSFER_BYTES)) {
      const oldest = this.#evictable(t);
      if (!oldest) {
        return;
      }
      this.#forget(oldest);
    }
  }

  /**
   * The transfer to forget first, other than `keep`: the oldest that has ended, else the oldest
   * (no copy of the map: this runs on every new transfer past the bounds).
   */
  #evictable(keep: Transfer): Transfer | undefined {
    let oldest: Transfer | undefined;
    for (const held of this.#transfers.values()) {
      if (held === keep) {
        continue;
      }
      if (held.timers.size === 0) {
        return held;
      }
      oldest ??= held;
    }
    return oldest;
  }

  #forget(t: Transfer): void {
    this.#clear(t);
    this.#transfers.delete(t.request.orderId);
    this.#bytes -= this.#sizes.get(t) ?? 0;
    this.#sizes.delete(t);
  }

  #clear(t: Transfer): void {
    t.timers.forEach((handle) => this.#timer.clearTimeout(handle));
    t.timers.clear();
  }

  #later(t: Transfer, ms: number, step: () => void): void {
    const handle = this.#timer.setTimeout(
      () => {
        t.timers.delete(handle);
        step();
      },
      Math.max(0, ms),
    );
    t.timers.add(handle);
  }

  /** Moves the registers by the energy delivered since the last event, then logs and emits. */
  #record(t: Transfer, state: TransferState, delivered: string): void {
    const { request } = t;
    const delta = new Decimal(delivered).minus(t.delivered).toFixed();
    this.#registers.add(request.sourceMeter, "export", delta);
    this.#registers.add(request.destinationMeter, "import", delta);
    t.state = state;
    t.delivered = delivered;
    const sourceReading = this.#registers.read(request.sourceMeter, "export");
    const destinationReading = this.#registers.read(request.destinationMeter, "import");
    const event: TransferEvent = {
      orderId: request.orderId,
      transactionId: request.transactionId,
      seq: t.log.length + 1,
      at: new Date(this.#now()).toISOString(),
      state,
      deliveredKwh: delivered,
      sourceReading,
      destinationReading,
      readings: [
        { side: "source", meter: request.sourceMeter, direction: "export", readingKwh: sourceReading },
        { side: "destination", meter: request.destinationMeter, direction: "import", readingKwh: destinationReading },
      ],
      report: {
        code: this.has("grid.layer2-states") ? LAYER2_STATE_CODES[state] : state,
        field: this.has("grid.state-in-descriptor-status") ? "status" : "code",
      },
    };
    t.log.push(event);
    if (this.#sizes.has(t)) {
      this.#count(t, EVENT_BYTES);
    }
    this.#emitter.emit("state-change", event);
  }
}
