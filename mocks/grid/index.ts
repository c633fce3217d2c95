/** The embedded grid operator: energy transfers between DER meters and their two-way log. */
export { createGrid, DEFAULT_COMPRESSED_TRANSFER_MS, MAX_COMPRESSED_TRANSFER_MS } from "./grid.js";
export { buildGridApp } from "./app.js";
export { TRANSFER_STATES, TRANSFER_STATE_NAMES } from "./types.js";
export type {
  DeliveryWindow,
  Grid,
  GridOptions,
  GridTimer,
  MeterReading,
  StateChangeListener,
  TransferEvent,
  TransferRequest,
  TransferSnapshot,
  TransferState,
} from "./types.js";
