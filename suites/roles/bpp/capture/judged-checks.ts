/**
 * Which of the BPP's checks judge captured traffic (`validate --transactions`), in one place.
 *
 * The rule: a check is judged from a capture when its verdict rests only on what the capture holds
 * (the requests as the BAP sent them, the answers and the callbacks, their bytes, headers and
 * recorded times), never on something only a live run knows: a request the harness forged or
 * broke on purpose (a probe), an error it provoked by a scenario's expectation, a window it
 * watched, or a time measured on its own clock while it waited. Those are listed with why they
 * are not judged; they are never passed.
 */
import type { Check } from "../../../core/check.js";
import { BPP_CHECKS } from "../checks/index.js";

/** Judged from any capture: context echo and stamps, business rules, the flow of the order across the transaction, callback schemas. */
const ALWAYS = new Set([
  ...["SCH-001", "SCH-002", "SCH-003", "SCH-004"],
  ...["CTX-001", "CTX-002", "CTX-003", "CTX-004", "CTX-005", "CTX-006", "CTX-007", "CTX-008", "CTX-009"],
  ...["CTX-010", "CTX-011", "CTX-012", "CTX-014", "CTX-015", "CTX-016", "CTX-017"],
  ...["BIZ-001", "BIZ-002", "BIZ-003", "BIZ-004", "BIZ-005", "BIZ-006", "BIZ-007", "BIZ-008", "BIZ-009", "BIZ-010", "BIZ-011", "BIZ-012"],
  ...["FLW-001", "FLW-002", "FLW-003", "FLW-011"],
]);

/**
 * Judged only where the capture was recorded on the wire (a HAR): the Content-Type a callback
 * declares (its headers), and a timestamp against the time it arrived (CTX-013: a log of bodies
 * has no arrival time but the callback's own timestamp, against which it could never fail).
 */
const ON_THE_WIRE = new Set(["SCH-005", "CTX-013"]);

/** Judged only where the capture has the headers and the BPP's public key is given (`--keys`, `--registry-url`). */
export const SIGNATURE_CHECK_IDS: ReadonlySet<string> = new Set(["SIG-001", "SIG-002", "SIG-003", "SIG-004", "SIG-005", "SIG-006", "SIG-007"]);

/** Why each other area or check is not judged from a capture. */
const NOT_JUDGED: readonly (readonly [RegExp, string])[] = [
  [/^AUT-/, "judges the BPP's answer to signatures the harness forges on purpose; a capture holds no forgery it knows of."],
  [/^NEG-/, "judges the BPP's answer to requests the harness breaks on purpose; a capture cannot tell a broken request from a mistaken one."],
  [/^ACK-/, "judges the answer to a request the harness knows to be valid (or a refusal it provoked); a capture does not say which requests were."],
  [/^TIM-/, "judges deadlines and arrival order on the harness's own clock while it waited (the ACK deadline, the ttl, --max-unsolicited)."],
  [/^FLW-004$/, "judges the energy transfer of a window the harness ordered and watched; a capture has no watched window."],
  [
    /^FLW-(005|006|007|008|009|010|012)$/,
    "judges the error the harness provoked on purpose (an unknown provider, item or order, an init without select, an update beyond its target).",
  ],
];

/** What a transaction's capture holds beyond the bodies. */
export interface CaptureMeans {
  /** Recorded on the wire (a HAR): every message's headers and the time it was sent or arrived. */
  readonly onTheWire: boolean;
  /** The BPP's public signing key was given. */
  readonly key: boolean;
}

/** Why `check` is not judged from a capture with these means, or undefined when it is. */
export function notJudgedReason(check: Check, means: CaptureMeans): string | undefined {
  if (ALWAYS.has(check.id)) {
    return undefined;
  }
  if (ON_THE_WIRE.has(check.id) || SIGNATURE_CHECK_IDS.has(check.id)) {
    if (!means.onTheWire) {
      return "needs each message's headers and arrival time, which only a HAR records.";
    }
    if (SIGNATURE_CHECK_IDS.has(check.id) && !means.key) {
      return "needs the BPP's public key: give --keys <file> or --registry-url <url>.";
    }
    return undefined;
  }
  return NOT_JUDGED.find(([pattern]) => pattern.test(check.id))?.[1] ?? "not a check of captured traffic.";
}

/** The BPP's checks judged from a capture with these means, in catalogue order. */
export const judgedChecks = (means: CaptureMeans): Check[] => BPP_CHECKS.filter((check) => notJudgedReason(check, means) === undefined);
