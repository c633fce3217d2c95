export { blake2b512Base64 } from "./digest.js";
export { buildSigningString } from "./signing-string.js";
export { formatSignatureHeader, parseSignatureHeader, SIGNED_HEADERS, MAX_SIGNATURE_HEADER_LENGTH } from "./header.js";
export { signBody } from "./sign.js";
export { verifySignatureHeader, VERIFY_FAILURE_REASONS, MAX_SIGNATURE_LIFETIME_SECONDS } from "./verify.js";
export { wwwAuthenticateValue } from "./authenticate.js";
export type { SigningStringInput } from "./signing-string.js";
export type { KeyId, SignatureParams, ParseSignatureHeaderResult, SignatureHeaderInput } from "./header.js";
export type { SignBodyOptions, SignedBody } from "./sign.js";
export type { VerifyOptions, VerifyResult, VerifyFailure, VerifyFailureReason, SignatureHeaderKind, PublicKeyLookup } from "./verify.js";
export { diagnoseSignature, SIGNATURE_MISTAKES, MAX_CANDIDATE_KEYS } from "./diagnose/index.js";
export type {
  ByteDifference,
  CandidateKey,
  DiagnoseOptions,
  FoundMistake,
  InvalidSignature,
  KeyNamed,
  MistakeEvidence,
  SignatureDiagnosis,
  SignatureMistake,
} from "./diagnose/index.js";
