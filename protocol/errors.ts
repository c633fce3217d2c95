/**
 * Harness errors with stable codes. A code is never reused for another meaning once published;
 * docs/errors.md lists them all, and a test keeps the two in step.
 */
export const ERROR_CODES = {
  P2PC_ERR_USAGE: "The command line is wrong: an unknown flag, a missing argument or a bad value.",
  P2PC_ERR_INPUT_UNREADABLE: "An input file could not be read.",
  P2PC_ERR_INPUT_NOT_JSON: "An input file is neither JSON nor JSON lines.",
  P2PC_ERR_INPUT_TOO_LARGE: "An input file is larger than the harness reads.",
  P2PC_ERR_PORT_IN_USE: "A port the harness must listen on is taken.",
  P2PC_ERR_RUN_FAILED: "The harness could not complete the run.",
  P2PC_ERR_CONFIG: "The config file is unreadable, not JSON, or breaks its schema.",
  P2PC_ERR_KEY_FILE: "A key file is unreadable or holds no usable ed25519 private key.",
  P2PC_ERR_REGISTRY_UNREACHABLE: "The registry named by --registry-url could not be reached or did not answer a lookup.",
  P2PC_ERR_SUT_START: "The system under test that --sut-command or --sut-image starts did not come up.",
  P2PC_ERR_PUBLIC_KEYS: "A --keys file is unreadable, not a /lookup-shaped array of public keys, or holds a private key.",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class HarnessError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "HarnessError";
    this.code = code;
  }
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}
