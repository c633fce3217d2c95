/**
 * The fault matrices of every role, in one table: each role's faults (the mock's table) beside its
 * self-test matrix, the exact checks each fault fails or warns. test/self-test/matrix-*.test.ts run
 * them, and docs/faults-*.md are generated from them (test/self-test/fault-docs.ts).
 */
import { BAP_FAULTS } from "../../mocks/bap/index.js";
import { FAULTS } from "../../mocks/bpp/index.js";
import type { FaultSpec } from "../../mocks/common/behaviour.js";
import { GATEWAY_FAULTS } from "../../mocks/gateway/index.js";
import { REGISTRY_FAULTS } from "../../mocks/registry/index.js";
import type { Role } from "../../suites/core/config.js";
import { BAP_MATRIX, BAP_UNPROVOKED } from "./bap-matrix.js";
import { BPP_MATRIX, BPP_UNPROVOKED } from "./bpp-matrix.js";
import { GATEWAY_MATRIX, GATEWAY_UNPROVOKED } from "./gateway-matrix.js";
import { REGISTRY_MATRIX, REGISTRY_UNPROVOKED } from "./registry-matrix.js";

/** One row of a fault matrix: a fault (or `clean`) and exactly the checks its run fails (`ID`) or warns (`ID~`). */
export interface MatrixRow {
  readonly fault: string;
  readonly expected: readonly string[];
  /** What the checks find, in a sentence, and why any check beyond the fault's own is flagged. */
  readonly note?: string;
  /**
   * 2 for a fault that fails nothing but leaves MUST checks unexercised for want of something the
   * harness needed (a gap, docs/rules.md "Coverage"); the note says why.
   */
  readonly exitCode?: 2;
}

/** The exit code a row's run must end with: 1 on any failing check, else its gaps' 2, else 0. */
export function expectedExitCode(row: MatrixRow): 0 | 1 | 2 {
  return row.expected.some((id) => !id.endsWith("~")) ? 1 : (row.exitCode ?? 0);
}

/** A role's faults and its matrix. */
export interface FaultMatrix {
  /** The reference mock's fault table. */
  readonly faults: readonly FaultSpec[];
  readonly rows: readonly MatrixRow[];
  /** Checks no fault provokes, each with the reason it is proven elsewhere. */
  readonly unprovoked: Readonly<Record<string, string>>;
}

export const FAULT_MATRICES: Readonly<Record<Role, FaultMatrix>> = {
  bpp: { faults: FAULTS, rows: BPP_MATRIX, unprovoked: BPP_UNPROVOKED },
  bap: { faults: BAP_FAULTS, rows: BAP_MATRIX, unprovoked: BAP_UNPROVOKED },
  gateway: { faults: GATEWAY_FAULTS, rows: GATEWAY_MATRIX, unprovoked: GATEWAY_UNPROVOKED },
  registry: { faults: REGISTRY_FAULTS, rows: REGISTRY_MATRIX, unprovoked: REGISTRY_UNPROVOKED },
};
