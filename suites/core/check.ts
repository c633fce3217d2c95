/**
 * The core types of a conformance run (DESIGN "Core types"): what was exchanged with the system
 * under test, the checks that judge it, and the results they produce.
 */

import type { CandidateKey } from "../../protocol/signing/diagnose/index.js";
import type { Exchange, Severity } from "../../results/index.js";
import type { CheckFinding } from "./finding.js";

// The run's data types live in results/ (the contract between suites, reports and cli); checks read them from here too.
export type { CheckFinding } from "./finding.js";
export type {
  CheckResult,
  Exchange,
  ExchangeResponse,
  Expectation,
  Finding,
  Probe,
  ReceivedCallback,
  ResultStatus,
  Severity,
  TransferWatch,
} from "../../results/index.js";

/** What a check may know beyond its exchange: the run's settings and the SUT's registry identity. */
export interface CheckContext {
  readonly profile: "p2p-trade-guide-v1" | "core-1.1.0" | "p2p-trade-strict";
  readonly sut: {
    readonly subscriberId: string;
    /** base64 of the raw 32-byte ed25519 key the SUT registered. */
    readonly publicKey: string;
    readonly uniqueKeyId?: string;
    /** The SUT's base URL (its `bpp_uri`). */
    readonly url: string;
  };
  /** The harness's own ids, which callbacks must echo. */
  readonly harness: { readonly bapId: string; readonly bapUri: string; readonly domain: string };
  /** Allowed clock skew for times the SUT stamps: 5 s (DESIGN "Timing"). */
  readonly skewSeconds: number;
  /** `--max-unsolicited`: unsolicited callbacks allowed in one transaction. */
  readonly maxUnsolicited: number;
  /** Every exchange of the scenario so far, in order, for checks that span steps (order id stability, say). */
  readonly scenarioExchanges: readonly Exchange[];
  /** `--closed`: SCH-002 also warns every property core 1.1.0 does not define. */
  readonly closed?: boolean;
  /**
   * The public signing keys of the run's other participants (the counterparts the harness plays), so
   * a signature made with one of them is named in the finding (suites/core/signature-diagnosis.ts).
   * Public keys only.
   */
  readonly participantKeys?: readonly CandidateKey[];
  /** The forms the harness's requests used (`--request-shape`); SCH never flags them in a callback. Guide when absent. */
  readonly requestShape?: "guide" | "core";
}

export interface Check {
  /** Stable once published: `^[A-Z]{2,3}-\d{3}$`. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /**
   * The source of the rule, a document the user has: a core 1.1.0 schema or field, a BECKN-00x step, a
   * guide section, or a rule the harness decides, as `docs/rules.md "<Heading>"` (the heading exactly).
   */
  readonly ref: string;
  /**
   * How to fix a failure, in one imperative line a developer can act on ("Sign the exact bytes you
   * send…"). Reports show it beside the check's ref, once per failing check; docs/checks.md lists it.
   */
  readonly fix: string;
  /**
   * A SHOULD that stays a warning under `p2p-trade-strict`, so it never fails a run: it rests on a
   * measurement the harness cannot make exactly (the order of two arrivals on a loaded event loop,
   * TIM-003), or on no normative text at all (the keyId's subscriber against `bap_id`, AUT-005).
   */
  readonly advisory?: boolean;
  readonly appliesTo: (exchange: Exchange) => boolean;
  /** Why this check cannot be exercised on an exchange it applies to (a skip with that reason, never a pass or a fail): a gap unless accepted. */
  readonly notExercised?: (exchange: Exchange) => string | undefined;
  /**
   * For a check that applied to no exchange of the run: why it does not apply to this exchange
   * because the SUT took an option the spec allows (say which text allows it). Its one skip row is
   * then marked `notApplicable`, never a gap (docs/rules.md "Coverage").
   */
  readonly notApplicable?: (exchange: Exchange) => string | undefined;
  /** What is wrong with the exchange, if anything: `finding(message, { path, expected, actual })` each, without the check's id (judge stamps it). */
  readonly run: (exchange: Exchange, ctx: CheckContext) => CheckFinding[] | Promise<CheckFinding[]>;
}
