import type { RequestAction } from "../../../../schemas/index.js";
import type { ExpectedValues, RawForm } from "../../../../results/index.js";
import type { Expectation } from "../../../core/check.js";

/**
 * A scenario is data (DESIGN "Scenario"): steps that build their messages from the SUT's own
 * catalogue, so any BPP with any catalogue can be tested. No built-in step names a reference-BPP id;
 * a scenario made from a capture carries the captured messages as templates, its ids bound at replay.
 */
export interface StepSpec {
  /** Unique in its scenario; report.json names the step's exchanges by it. */
  readonly id: string;
  readonly action: RequestAction;
  readonly expect: Expectation;
  /** The BECKN-005 code the error callback must carry. */
  readonly expectedErrorCode?: string;
  /** search only: through the harness's gateway, or straight to the SUT. */
  readonly via?: "gateway" | "direct";
  /** select/init/confirm: the SUT's offer, an unknown item of its real provider, or an unknown provider. */
  readonly item?: "offer" | "unknown-item" | "unknown-provider";
  /** select: a little of the offer, or one kWh more than it has. */
  readonly quantity?: "some" | "over-available";
  /** status/update: the order confirmed in this scenario, or an id the SUT never issued. */
  readonly order?: "confirmed" | "unknown";
  /**
   * update: move the end meter, or a target that does not exist, or move the end meter under
   * `update_target: "fulfillments"` while also changing the ordered quantity (beyond the target).
   */
  readonly updateTarget?: "fulfillments" | "invalid" | "fulfillments-and-quantity";
  /** A forgery of suites/core/probes/forgeries.ts: the step sends a valid body with a forged signature. */
  readonly forgery?: string;
  /** A negative body of suites/core/probes/negatives.ts, signed correctly. */
  readonly negative?: string;
  /**
   * A valid request written as other JSON for the same value (suites/core/probes/raw-forms.ts), signed
   * over exactly those bytes; it is owed what the step expects all the same (AUT-007).
   */
  readonly rawForm?: RawForm;
  /** Send the same message again, re-signed, right after the first ACK (the idempotency probe). */
  readonly repeat?: boolean;
  /**
   * A probe that may crash the SUT: it goes in a batch of its own, and no other request of the run
   * is on the wire while it is (docs/rules.md "A SUT that goes down"), so a crash is its alone.
   */
  readonly alone?: boolean;
  /**
   * confirm: wait for the energy transfer's unsolicited on_status up to completion. This alone marks the
   * step the transfer checks judge (the exchange's `transfer`), whatever its id.
   */
  readonly watchTransfer?: boolean;
  /** Earlier steps that must have got what they expected; otherwise this step is skipped. */
  readonly needs?: readonly string[];
  /**
   * A step made from a capture (`scenario from-har`): the request's `message` as the BAP sent it.
   * At replay its context, ids and signature are fresh, the capture's ids are bound to the replay's
   * (`Scenario.capture.bindings`) and its times move by the time since the capture.
   */
  readonly template?: { readonly message: Record<string, unknown> };
  /** What the callback must carry that does not depend on the data (SCN-001). */
  readonly expectValues?: ExpectedValues;
}

/** Where a scenario made from a capture came from, and the capture's ids the replay binds to its own. */
export interface CaptureOrigin {
  readonly file?: string;
  readonly transactionId?: string;
  /** When the captured transaction's first request was sent (RFC 3339). */
  readonly capturedAt: string;
  readonly bindings: { readonly orderId?: string; readonly providerId?: string; readonly itemId?: string };
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly role: "bpp";
  /**
   * `probe`: probes that could crash a fragile SUT, run once every functional scenario has ended or
   * only watches its transfer (docs/rules.md "The probe phase").
   */
  readonly phase: "functional" | "probe";
  readonly steps: readonly StepSpec[];
  /** Set on a scenario made from a capture. */
  readonly capture?: CaptureOrigin;
}
