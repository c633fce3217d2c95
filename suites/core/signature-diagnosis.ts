/**
 * The signature debugger in findings: when a signature the harness received does not verify, the
 * check asks protocol/signing's diagnoser which mistake explains it, names it in the finding's
 * message and carries it in the finding's `actual`.
 */
import type { Identity } from "../../mocks/common/identity.js";
import { diagnoseSignature, type CandidateKey, type DiagnoseOptions, type FoundMistake } from "../../protocol/signing/diagnose/index.js";
import type { CheckContext } from "./check.js";

/** A counterpart's public signing key as the diagnoser takes it: never its private key. */
export function participantKey(identity: Pick<Identity, "subscriberId" | "uniqueKeyId" | "signingPublicKey">, label: string): CandidateKey {
  return { subscriberId: identity.subscriberId, uniqueKeyId: identity.uniqueKeyId, publicKey: identity.signingPublicKey, label };
}

/** The SUT's own registered key, as a candidate when its signature names another keyId. */
export function sutKey(ctx: CheckContext): CandidateKey {
  return {
    subscriberId: ctx.sut.subscriberId,
    uniqueKeyId: ctx.sut.uniqueKeyId ?? "",
    publicKey: ctx.sut.publicKey,
    label: "the key you registered",
  };
}

/** The mistake that explains a signature that does not verify, if one does. */
export async function signatureMistake(opts: DiagnoseOptions): Promise<FoundMistake | undefined> {
  const diagnosis = await diagnoseSignature(opts);
  if (diagnosis.verdict === "valid" || diagnosis.mistake === undefined || diagnosis.explanation === undefined || diagnosis.evidence === undefined) {
    return undefined;
  }
  return { mistake: diagnosis.mistake, explanation: diagnosis.explanation, evidence: diagnosis.evidence };
}

/** The candidates a check tries besides the registered key: the run's other participants, then the SUT's own key. */
export function candidateKeys(ctx: CheckContext): CandidateKey[] {
  return [...(ctx.participantKeys ?? []), ...(ctx.sut.publicKey ? [sutKey(ctx)] : [])];
}

/** "<what failed>: <the mistake>" when a mistake explains it; "<what failed>; <the check's advice>" otherwise. */
export function messageNaming(failed: string, advice: string, mistake: FoundMistake | undefined): string {
  return mistake ? `${failed}: ${mistake.explanation}` : `${failed}; ${advice}`;
}

/** The finding's `actual` with the diagnosis added when a mistake was found. */
export function withDiagnosis<T extends object>(actual: T, mistake: FoundMistake | undefined): T | (T & { diagnosis: FoundMistake }) {
  return mistake ? { ...actual, diagnosis: mistake } : actual;
}
