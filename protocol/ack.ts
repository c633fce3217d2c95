/**
 * The synchronous answer to every Beckn call (core 1.1.0 `Ack` and `Error`), and the error codes
 * the mocks use. Codes 3xxxx–5xxxx are BECKN-005's. Core defines no code for a bad signature;
 * the mocks use 10001 for it (docs/decisions/nack-codes.md).
 */
export const ERROR = {
  invalidRequest: "30000",
  providerNotFound: "30001",
  itemNotFound: "30004",
  orderNotFound: "30010",
  invalidUpdateTarget: "30012",
  /** BECKN-005 30013: "changes in the order object other than the update_target". */
  updateInconsistent: "30013",
  businessError: "40000",
  actionNotApplicable: "40001",
  quantityUnavailable: "40002",
  /** Core 1.1.0's policy error "update not possible" (an order that can no longer change, e.g. completed). */
  updateNotPossible: "50002",
  invalidSignature: "10001",
} as const;

export type AckStatus = "ACK" | "NACK";

export interface BecknError {
  readonly code: string;
  readonly message?: string;
  readonly paths?: string;
}

export interface AckBody {
  readonly message: { readonly ack: { readonly status: AckStatus } };
  readonly error?: BecknError;
}

export function ackBody(): AckBody {
  return { message: { ack: { status: "ACK" } } };
}

export function nackBody(error: BecknError): AckBody {
  return { message: { ack: { status: "NACK" } }, error };
}

/** Reads the ack status of a response body in any of the shapes seen in the field, or undefined. */
export function ackStatusOf(body: unknown): AckStatus | undefined {
  const status = (body as { message?: { ack?: { status?: unknown } } } | null)?.message?.ack?.status;
  return status === "ACK" || status === "NACK" ? status : undefined;
}

/** BECKN-006's HTTP status for a bad signature: never a refusal in business terms. */
export const SIGNATURE_REFUSAL_STATUS = 401;

/**
 * Whether an answer refuses a request in business terms by its body: a NACK, whatever its HTTP
 * status (core 1.1.0 fixes none: every path answers only a `default` response), but a 5xx, which
 * says the receiver failed, and BECKN-006's 401 for a bad signature (docs/rules.md "ACK and NACK").
 */
export function isBusinessNack(status: number, body: unknown): boolean {
  return ackStatusOf(body) === "NACK" && status >= 200 && status < 500 && status !== SIGNATURE_REFUSAL_STATUS;
}

/** The error of a NACK: top level (core 1.1.0) or inside `message` (seen in some adapters). */
export function errorOf(body: unknown): BecknError | undefined {
  const b = body as { error?: unknown; message?: { error?: unknown } } | null;
  const error = (b?.error ?? b?.message?.error) as { code?: unknown } | undefined;
  return error && (typeof error.code === "string" || typeof error.code === "number") ? { ...(error as object), code: String(error.code) } : undefined;
}
