import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { trustedFingerprint, verifyCertificate } from "../../reports/certificate.js";
import { printable } from "../output.js";

export const CERTIFICATE_HELP = `Usage: p2p-conformance certificate verify <certificate.json> [--trust <issuer key>] [--report <report.json>]

Checks a certificate offline: that its ed25519 signature holds over the whole document but the
signature itself (any changed, added or removed field breaks it), that the issuer's fingerprint is
its key's and, with --trust, that the issuer is the one you trust. Prints the issuer's key
fingerprint.

Options:
  --trust <key>        the trusted issuer: its base64 ed25519 public key (signing_public_key of
                       its key file) or its fingerprint sha256:<hex>
  --report <file>      also check that this report.json is the one the certificate binds
  -h, --help           show this help

Exit codes: 0 the signature holds (and the issuer is trusted, and the report matches);
1 the certificate was edited, is signed by another issuer than --trust, or the report differs;
2 the file cannot be read or is not JSON, or the command line is wrong.

Examples:
  p2p-conformance certificate verify reports/out/<run id>/certificate.json
  p2p-conformance certificate verify certificate.json --trust sha256:3f0c… --report report.json`;

function readInput(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new HarnessError("P2PC_ERR_INPUT_UNREADABLE", `Cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
  }
}

function parseJson(path: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new HarnessError(
      "P2PC_ERR_INPUT_NOT_JSON",
      `${path} is not JSON (${(error as Error).message}): a certificate is the certificate.json a passing run writes.`,
    );
  }
}

function trustOf(trust: string | undefined): string | undefined {
  if (trust === undefined) {
    return undefined;
  }
  try {
    return trustedFingerprint(trust);
  } catch (error) {
    throw new HarnessError("P2PC_ERR_USAGE", `--trust is neither a fingerprint sha256:<64 hex> nor a base64 ed25519 public key: ${(error as Error).message}`);
  }
}

/** Runs `certificate`; returns the exit code. */
export function runCertificate(argv: readonly string[], out: (line: string) => void): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { trust: { type: "string" }, report: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    out(CERTIFICATE_HELP);
    return 0;
  }
  const [sub, file, ...extra] = positionals;
  if (sub !== "verify" || file === undefined || extra.length > 0) {
    throw new HarnessError("P2PC_ERR_USAGE", "Usage: p2p-conformance certificate verify <certificate.json> [--trust <issuer key>] [--report <report.json>].");
  }
  const trust = trustOf(values.trust);
  const document = parseJson(file, readInput(file));
  const reportBytes = values.report === undefined ? undefined : readInput(values.report);
  const verdict = verifyCertificate(document, { ...(trust ? { trust } : {}), ...(reportBytes ? { reportBytes } : {}) });
  if (!verdict.ok) {
    out(`INVALID  ${printable(file)}: ${printable(verdict.reason)}`);
    if (verdict.fingerprint) {
      out(`issuer fingerprint: ${verdict.fingerprint}`);
    }
    return 1;
  }
  const { sut, profile, runId, issuedAt } = verdict.certificate;
  out(
    `VALID  ${printable(file)}: ${printable(String(sut?.subscriberId))} (${printable(String(sut?.role))}) passed profile ${printable(String(profile))} in run ${printable(String(runId))}, issued ${printable(String(issuedAt))}`,
  );
  out(`issuer fingerprint: ${verdict.fingerprint}`);
  const issuer = trust
    ? "the trusted issuer (--trust)"
    : verdict.selfIssued
      ? "self-issued: made by the run itself, it proves integrity, not who ran it"
      : "not checked against a trusted issuer (pass --trust)";
  out(`issuer: ${issuer}${values.report ? `; report ${printable(values.report)} matches` : ""}`);
  return 0;
}
