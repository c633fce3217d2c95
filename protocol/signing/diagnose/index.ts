export { diagnoseSignature, MAX_CANDIDATE_KEYS } from "./diagnose.js";
export { SIGNATURE_MISTAKES } from "./types.js";
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
} from "./types.js";
