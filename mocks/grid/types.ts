/**
 * The grid operator: the guide's fulfillment agent, which moves the energy between two DER meters
 * and keeps a two-way log of each transfer (the guide's integration notes: "Grid operator must
 * support two-way transfer event logging"). The guide gives no schema for that log; this is ours.
 */

/** A transfer's states, in order; Cancelled ends a transfer early. */
export const TRANSFER_STATES = ["Pending", "In-Progress", "Completed", "Cancelled"] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

/** The human-readable name of each state, as a fulfillment `state.descriptor.name`. */
export const TRANSFER_STATE_NAMES: Readonly<Record<TransferState, string>> = {
  Pending: "Energy transfer scheduled",
  "In-Progress": "Energy transfer ongoing",
  Completed: "Energy transfer completed",
  Cancelled: "Energy transfer cancelled",
};

/** The P2P layer-2's fulfillment codes for each state (spec trade_1.1.0.yaml), under grid.layer2-states. */
export const LAYER2_STATE_CODES: Readonly<Record<TransferState, string>> = {
  Pending: "ORDER_PROCESSING",
  "In-Progress": "ORDER_PARTIALLY_FULFILLED",
  Completed: "ORDER_FULFILLED",
  Cancelled: "Cancelled",
};

export interface DeliveryWindow {
  /** RFC 3339 date-times. */
  readonly start: string;
  readonly end: string;
}

export interface TransferRequest {
  readonly orderId: string;
  readonly transactionId: string;
  /** The prosumer's meter, which exports the energy (`der://…`). */
  readonly sourceMeter: string;
  /** The buyer's meter, which imports it (`der://…`). */
  readonly destinationMeter: string;
  /** The energy to move, as a decimal string. */
  readonly kwh: string;
  /** The delivery window; followed only when the grid runs in real time. */
  readonly window: DeliveryWindow;
}

/** One side of the two-way log: the reading of one meter's register. */
export interface MeterReading {
  readonly side: "source" | "destination";
  readonly meter: string;
  /** The source meter exports, the destination meter imports. */
  readonly direction: "export" | "import";
  /** The cumulative register in kWh, a decimal string. */
  readonly readingKwh: string;
}

/** One entry of a transfer's log: a state change with both meters read at that moment. */
export interface TransferEvent {
  readonly orderId: string;
  readonly transactionId: string;
  /** 1, 2, 3… within the transfer. */
  readonly seq: number;
  /** RFC 3339, UTC. */
  readonly at: string;
  readonly state: TransferState;
  /** Energy delivered so far in this transfer, a decimal string. */
  readonly deliveredKwh: string;
  readonly sourceReading: string;
  readonly destinationReading: string;
  /** Both meters, so the log is two-way: the export at the source and the import at the destination. */
  readonly readings: readonly [MeterReading, MeterReading];
  /**
   * How the grid reports the state for the order's fulfillment: its code (the state itself, or the
   * layer-2's code under grid.layer2-states) and the descriptor field it goes in (`status` under
   * grid.state-in-descriptor-status, else `code`).
   */
  readonly report: { readonly code: string; readonly field: "code" | "status" };
}

export interface TransferSnapshot {
  readonly request: TransferRequest;
  readonly state: TransferState;
  /** Whether a later state change is still scheduled. */
  readonly running: boolean;
}

/** The timer functions the grid uses; injectable so tests and fake clocks can drive it. */
export interface GridTimer {
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

export interface GridOptions {
  /** Milliseconds since the epoch; defaults to Date.now. */
  readonly now?: () => number;
  /** Follow the real delivery window instead of the compressed clock. */
  readonly realTime?: boolean;
  /** How long a whole transfer takes on the compressed clock: default 3000, at most 5000. */
  readonly compressedTransferMs?: number;
  readonly timer?: GridTimer;
  /** Transfers reach In-Progress and stay there, with nothing scheduled (a fault). */
  readonly stall?: boolean;
  /** Variants (mocks/grid/variants.ts); an unknown id throws. */
  readonly variants?: Iterable<string>;
}

export type StateChangeListener = (event: TransferEvent) => void;

export interface Grid {
  /** Starts a transfer (or returns the running one for the same order); logs and emits Pending at once. */
  startTransfer(request: TransferRequest): TransferSnapshot;
  /** Stops a transfer that has not completed and logs Cancelled; false when there was none to stop. */
  cancelTransfer(orderId: string): boolean;
  /** The transfer's event log, oldest first, or undefined for an order the grid never saw. */
  events(orderId: string): readonly TransferEvent[] | undefined;
  transfer(orderId: string): TransferSnapshot | undefined;
  /** Subscribes to `state-change`; returns the unsubscribe function. */
  on(event: "state-change", listener: StateChangeListener): () => void;
  /** Clears every scheduled state change. Logs stay readable. */
  stop(): void;
}
