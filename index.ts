/**
 * p2p-energy-conformance: the public API of the harness's protocol core.
 * @see README.md
 */

// Validation
export { validate, PROFILES, NAMED_RULES, PROFILE_NAMES, DEFAULT_PROFILE, BECKN_ACTIONS, GUIDE_FLOW_ACTIONS } from "./schemas/index.js";
// Signing
export {
  signBody,
  verifySignatureHeader,
  parseSignatureHeader,
  formatSignatureHeader,
  blake2b512Base64,
  buildSigningString,
  wwwAuthenticateValue,
  VERIFY_FAILURE_REASONS,
} from "./protocol/signing/index.js";
export { generateSigningKeyPair, importPrivateKey, importPublicKey, publicKeyFromPrivate } from "./protocol/keys.js";
// Message shapes (the guide's and core's forms alike)
export { selectedMeasure, endStops, startStops, orderState, isOrderCompleted, meterAddresses } from "./protocol/shapes.js";
// Fixtures
export { buildTransaction } from "./fixtures/builders/index.js";
export { loadGuideMessage, guideMessages, GUIDE_ACTIONS } from "./fixtures/guide/index.js";

export type { ProfileName, SchemaFinding, ValidationResult, BecknAction } from "./schemas/index.js";
export type { VerifyResult, VerifyFailureReason } from "./protocol/signing/index.js";
export type { Transaction, TransactionOptions } from "./fixtures/builders/index.js";
// A run's result, as report.json holds it
export type { CheckResult, Coverage, Exchange, Finding, RunResult, Verdict } from "./results/index.js";
