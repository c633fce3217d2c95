import { extname } from "node:path";
import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { DEFAULT_PROFILE, PROFILE_NAMES, validate, type ProfileName, type ValidationResult } from "../../schemas/index.js";
import { printable, styleFor, type Style } from "../output.js";
import { expandInputs, readMessages, type RecordedMessage } from "../read-messages.js";
import { runValidateTransactions } from "./validate-transactions.js";

export const VALIDATE_HELP = `Usage: p2p-conformance validate [options] <file|folder>...

Validates recorded Beckn messages, one verdict per message. A file holds one JSON message
(or a JSON array of messages); a .jsonl file, or a file whose every line is JSON, is a log of
one message per line. A folder stands for the .json and .jsonl files directly inside it.

With --transactions (implied when a file is a .har), the messages are judged as whole
transactions instead: grouped by context.transaction_id, each request paired with its callbacks
as a live run pairs them, and judged by the BPP's own checks that need no live probe (context
echo CTX, business rules BIZ, the order's flow FLW, callback schemas SCH; from a HAR also
Content-Type, arrival times and, with the BPP's key, signatures SIG), with live severity. A folder then also
stands for its .har files.

Options:
  --profile <name>      p2p-trade-guide-v1 (default), core-1.1.0 or p2p-trade-strict
  --closed              also report every property core 1.1.0 does not define, as a warning
                        (core itself allows them: never an error)
  --transactions        judge whole transactions (see above)
  --keys <file>         with --transactions: the public keys to verify signatures with, a JSON
                        array shaped as a registry's /lookup answer (subscriber_id,
                        unique_key_id, signing_public_key, and subscriber_url, the URL a
                        BPP's bpp_uri must name); a file with a private key is refused
  --registry-url <url>  with --transactions: look the BPPs' keys and URLs up in this registry
  --json                print the verdicts as JSON instead of a table (with --transactions,
                        a "transactions" array: transactionId, participants, exchanges, results)
  --quiet               print errors only, not warnings (with --transactions, only the
                        transactions that failed)
  -h, --help            show this help

Exit codes: 0 no message has an error (warnings allowed); 1 a message has an error (with
--transactions: a check failed, a MUST, or a SHOULD under p2p-trade-strict); 2 a file could not
be read or is not JSON, a --keys file was refused, or the command line is wrong.

Example:
  p2p-conformance validate fixtures/guide/*.json
  p2p-conformance validate --profile core-1.1.0 logs/traffic.jsonl
  p2p-conformance validate --keys keys.json reports/evidence.har
  p2p-conformance validate --transactions logs/traffic.jsonl`;

interface Verdict {
  readonly source: string;
  readonly result: ValidationResult;
}

export function parseProfile(value: string | undefined): ProfileName {
  const profile = value ?? DEFAULT_PROFILE;
  if (!(PROFILE_NAMES as readonly string[]).includes(profile)) {
    throw new HarnessError("P2PC_ERR_USAGE", `--profile "${profile}" is not a profile; use one of ${PROFILE_NAMES.join(", ")}.`);
  }
  return profile as ProfileName;
}

function printTable(verdicts: readonly Verdict[], quiet: boolean, style: Style, out: (line: string) => void): void {
  const width = Math.min(60, Math.max(10, ...verdicts.map((v) => v.source.length)));
  for (const { source, result } of verdicts) {
    const errors = result.findings.filter((f) => f.severity === "error");
    const warnings = result.findings.filter((f) => f.severity === "warning");
    const label = result.valid ? style.pass("PASS") : style.fail("FAIL");
    const counts = `${errors.length} error${errors.length === 1 ? "" : "s"}, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}`;
    out(`${label}  ${printable(source).padEnd(width)}  ${(result.action ?? "?").padEnd(10)}  ${counts}`);
    for (const f of quiet ? errors : [...errors, ...warnings]) {
      const tag = f.severity === "error" ? style.fail("error  ") : style.warn("warning");
      const rule = f.rule ? style.dim(` [${f.rule}]`) : "";
      out(`      ${tag} ${printable(f.path)}: ${printable(f.message)}${rule}`);
    }
  }
}

/** Runs `validate`; returns the exit code. */
export function runValidate(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): number | Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      profile: { type: "string" },
      closed: { type: "boolean" },
      json: { type: "boolean" },
      quiet: { type: "boolean" },
      transactions: { type: "boolean" },
      keys: { type: "string" },
      "registry-url": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    out(VALIDATE_HELP);
    return 0;
  }
  const profile = parseProfile(values.profile);
  if (positionals.length === 0) {
    throw new HarnessError("P2PC_ERR_USAGE", "validate needs at least one file or folder; see `p2p-conformance validate --help`.");
  }
  const keys = values.keys;
  const registryUrl = values["registry-url"];
  if (values.transactions === true || positionals.some((p) => extname(p) === ".har")) {
    const options = { profile, closed: values.closed === true, json: values.json === true, quiet: values.quiet === true };
    return runValidateTransactions(
      positionals,
      { ...options, ...(keys === undefined ? {} : { keys }), ...(registryUrl === undefined ? {} : { registryUrl }) },
      out,
      err,
    );
  }
  if (keys !== undefined || registryUrl !== undefined) {
    throw new HarnessError("P2PC_ERR_USAGE", "--keys and --registry-url judge signatures of whole transactions: add --transactions.");
  }
  const verdicts: Verdict[] = [];
  let unreadable = 0;
  for (const file of expandInputs(positionals)) {
    let messages: RecordedMessage[];
    try {
      messages = readMessages(file);
    } catch (error) {
      if (!(error instanceof HarnessError)) {
        throw error;
      }
      err(`p2p-conformance: ${printable(error.message)} [${error.code}]`);
      unreadable += 1;
      continue;
    }
    verdicts.push(...messages.map((m) => ({ source: m.source, result: validate(m.body, profile, { closed: values.closed === true }) })));
  }
  const invalid = verdicts.filter((v) => !v.result.valid).length;
  if (values.json) {
    out(JSON.stringify({ profile, ...(values.closed ? { closed: true } : {}), verdicts, unreadable }, null, 2));
  } else {
    const style = styleFor(process.stdout);
    out(
      style.bold(
        `Validating ${verdicts.length} message${verdicts.length === 1 ? "" : "s"} under profile ${profile}${values.closed ? " (closed: unknown properties warned)" : ""}`,
      ),
    );
    printTable(verdicts, values.quiet === true, style, out);
    const warnings = verdicts.reduce((n, v) => n + v.result.findings.filter((f) => f.severity === "warning").length, 0);
    out(
      `${verdicts.length - invalid} valid, ${invalid} invalid, ${warnings} warnings${unreadable ? `, ${unreadable} unreadable file${unreadable === 1 ? "" : "s"}` : ""}`,
    );
  }
  return invalid > 0 ? 1 : unreadable > 0 ? 2 : 0;
}
