/**
 * Issues certificate.json beside report.json when a run passed (exit code 0): gathers what the
 * certificate binds (reports/certificate.ts) and signs it with the issuer's key, or with a fresh
 * key that is thrown away, in which case the certificate says it is self-issued.
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { canonicalJson, issueCertificate, sha256Hex } from "../reports/certificate.js";
import { RUN_CHECKS } from "../suites/core/run-checks.js";
import type { Role } from "../suites/core/config.js";
import { unreachableMusts } from "../suites/core/coverage.js";
import type { RunResult } from "../results/index.js";
import { CATALOGUE } from "../suites/roles/catalogue.js";
import { readSigningKey } from "./key-file.js";
import { TOOL_NAME, toolVersion } from "./own-package.js";

/** The catalogue a role is judged by (its checks and the run-level checks), canonical and hashed. */
export function catalogueDigest(role: Role): { sha256: string; checks: number } {
  const rows = [
    ...CATALOGUE[role].map(({ id, severity, title, ref }) => ({ id, severity, title, ref })),
    ...RUN_CHECKS.map(({ id, severity, title, ref }) => ({ id, severity, title, ref })),
  ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { sha256: sha256Hex(canonicalJson(rows)), checks: rows.length };
}

/** The key certificates are signed with: the operator's, or a fresh one (self-issued) that is never written. */
export interface Issuer {
  readonly key: KeyObject;
  readonly selfIssued: boolean;
}

/** Reads the issuer key before a run, so a bad key file stops it at once (exit 2). */
export function loadIssuer(path: string | undefined): Issuer {
  return path ? { key: readSigningKey(path), selfIssued: false } : { key: generateKeyPairSync("ed25519").privateKey, selfIssued: true };
}

export interface Issued {
  readonly path: string;
  readonly fingerprint: string;
  readonly selfIssued: boolean;
}

/**
 * Why a run earns no certificate, or undefined when it earns one: only exit code 0 does, and only
 * when the run's mode reached every MUST check (docs/rules.md "Coverage").
 */
export function noCertificateReason(result: Pick<RunResult, "exitCode" | "coverage">): string | undefined {
  if (result.exitCode !== 0) {
    return `the run exited ${result.exitCode}; only a conformant run (exit 0) earns one`;
  }
  const unreachable = unreachableMusts(result.coverage);
  return unreachable.length > 0
    ? `this mode cannot reach ${unreachable.length} MUST checks (${unreachable
        .slice(0, 8)
        .map((e) => e.checkId)
        .join(", ")}${unreachable.length > 8 ? ", …" : ""}); only a run that reaches every MUST check is certified`
    : undefined;
}

/**
 * Writes `certificate.json` beside `reportPath` for a passing run and returns where, or undefined
 * when the run earns none (noCertificateReason). The certificate names every accepted gap.
 */
export function certify(result: RunResult, reportPath: string, options: { profile: string; issuer: Issuer }): Issued | undefined {
  if (noCertificateReason(result) !== undefined) {
    return undefined;
  }
  const { sut } = result;
  const certificate = issueCertificate(
    {
      sut: {
        subscriberId: sut.subscriberId,
        role: result.role,
        publicKey: sut.publicKey,
        ...(sut.uniqueKeyId ? { uniqueKeyId: sut.uniqueKeyId } : {}),
        url: sut.url,
      },
      profile: options.profile,
      catalogue: catalogueDigest(result.role),
      tool: { name: TOOL_NAME, version: toolVersion() },
      runId: result.runId,
      report: { file: basename(reportPath), sha256: sha256Hex(readFileSync(reportPath)) },
      ...(result.coverage.accepted.length > 0
        ? { acceptedGaps: result.coverage.accepted.map(({ checkId, severity, reason }) => ({ checkId, severity, reason })) }
        : {}),
    },
    options.issuer.key,
    { selfIssued: options.issuer.selfIssued },
  );
  const path = join(dirname(reportPath), "certificate.json");
  writeFileSync(path, `${JSON.stringify(certificate, null, 2)}\n`);
  return { path, fingerprint: certificate.issuer.fingerprint, selfIssued: certificate.issuer.selfIssued };
}
