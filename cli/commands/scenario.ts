/**
 * `p2p-conformance scenario from-har`: one captured transaction as a BPP scenario file, to replay
 * against the next build with `run --role bpp --scenario <file>` (suites/roles/bpp/capture/to-scenario.ts).
 */
import { existsSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { scenarioFromTransaction } from "../../suites/roles/bpp/capture/to-scenario.js";
import { transactionsOf, type CapturedTransaction } from "../../suites/roles/bpp/capture/transactions.js";
import { readBppScenarioFile } from "../../suites/roles/bpp/drive/read-scenarios.js";
import { printable } from "../output.js";
import { captureOf } from "./validate-transactions.js";

export const SCENARIO_HELP = `Usage: p2p-conformance scenario from-har <capture.har> [--transaction <id>] --out <scenario.json> [--force]

Turns one captured transaction into a BPP scenario: the BAP's requests in order, each as a template
of the message it sent, expecting what does not depend on the data (ACK or NACK, the error code,
which callbacks came, the order's states, units, currencies and quantities). Replay it against a
BPP with \`run --role bpp --scenario <scenario.json>\` (add --scenario-only to play it alone): the
ids, timestamps and signatures are fresh, the order id is the one the replayed on_confirm gives,
and the provider and item ids are the replayed on_search's when its catalogue has not the captured
ones. The capture may be a run's evidence.har, observe's capture.har or any HAR of Beckn traffic.

Options:
  --transaction <id>   the transaction_id to take (needed when the capture holds several)
  --out <file>         where to write the scenario (required)
  --force              overwrite --out if it exists
  -h, --help           show this help

Exit codes: 0 written; 2 the capture cannot be read, holds no such transaction, or --out exists.`;

function pick(transactions: readonly CapturedTransaction[], wanted: string | undefined, file: string): CapturedTransaction {
  const withRequests = transactions.filter((tx) => tx.exchanges.length > 0);
  if (wanted !== undefined) {
    const found = withRequests.find((tx) => tx.transactionId === wanted);
    if (!found) {
      throw new HarnessError("P2PC_ERR_USAGE", `${file} holds no request of transaction ${JSON.stringify(wanted)}; it holds ${idsOf(withRequests)}.`);
    }
    return found;
  }
  const [only, ...more] = withRequests;
  if (!only) {
    throw new HarnessError("P2PC_ERR_USAGE", `${file} holds no Beckn request to replay.`);
  }
  if (more.length > 0) {
    throw new HarnessError("P2PC_ERR_USAGE", `${file} holds ${withRequests.length} transactions; name one with --transaction: ${idsOf(withRequests)}.`);
  }
  return only;
}

const idsOf = (transactions: readonly CapturedTransaction[]): string =>
  transactions
    .slice(0, 12)
    .map((tx) => `${tx.transactionId} (${tx.exchanges.map((e) => e.action).join(", ")})`)
    .join("; ") + (transactions.length > 12 ? ` and ${transactions.length - 12} more` : "");

/** Runs `scenario <subcommand>`; resolves with the exit code. */
export function runScenarioCommand(argv: readonly string[], out: (line: string) => void): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { transaction: { type: "string" }, out: { type: "string" }, force: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  const [sub, har, ...extra] = positionals;
  if (values.help || sub === undefined) {
    out(SCENARIO_HELP);
    return values.help ? 0 : 2;
  }
  if (sub !== "from-har" || har === undefined || extra.length > 0) {
    throw new HarnessError(
      "P2PC_ERR_USAGE",
      `"scenario ${positionals.join(" ")}" is not a command; use \`p2p-conformance scenario from-har <capture.har> --out <file>\`.`,
    );
  }
  if (values.out === undefined) {
    throw new HarnessError("P2PC_ERR_USAGE", "scenario from-har needs --out <scenario.json>: where to write the scenario.");
  }
  if (existsSync(values.out) && !values.force) {
    throw new HarnessError("P2PC_ERR_USAGE", `${values.out} exists; give --force to overwrite it.`);
  }
  const tx = pick(transactionsOf(captureOf(har)), values.transaction, har);
  const { scenario, notes } = scenarioFromTransaction(tx, har);
  writeFileSync(values.out, `${JSON.stringify(scenario, null, 2)}\n`);
  readBppScenarioFile(values.out); // what was written reads back as a valid scenario, or this is the harness's bug
  out(
    `scenario ${scenario.id}: ${scenario.steps.length} steps (${scenario.steps.map((s) => `${s.action} → ${s.expect}`).join(", ")}) from transaction ${tx.transactionId}`,
  );
  notes.forEach((note) => out(`  note: ${printable(note)}`));
  out(`written: ${values.out}`);
  out(`replay it: p2p-conformance run --role bpp --target <url> --sut-id <id> --sut-key <key> --scenario ${values.out} --scenario-only`);
  return 0;
}
