/**
 * `p2p-conformance merge <dir>… --out <dir>`: the outputs of a certification sharded over CI
 * runners (`run --config <file> --shard <i>/<n>`) as one: each participant's folder copied into
 * --out, one summary.json, summary.html and junit.xml. Shards of different configs or counts, or
 * that hold a participant twice, are refused before anything is written.
 */
import { cpSync, existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { HarnessError } from "../../protocol/errors.js";
import { buildSummary, writeSummary, type Summary, type SummaryRow, type SummaryShard } from "../../reports/summary.js";
import { rowLine } from "../summary-row.js";

export const MERGE_HELP = `Usage: p2p-conformance merge <shard dir>… --out <dir>

Joins the outputs of a certification sharded over CI runners (\`run --config <file> --shard <i>/<n>\`,
one runner per shard) into one: it copies each participant's folder into --out and writes one
summary.json, summary.html and junit.xml there.

It refuses (exit 2, nothing written) shards of different config files or shard counts, a folder
that holds no shard's summary.json, and a participant held twice. A participant of the config that
no shard holds is written as a "missing" row and the merge exits 2: an incomplete certification is
no verdict. Otherwise the exit code is the bulk run's: 1 when any participant failed, else 2 when
any could not be judged, else 0.

Options:
  --out <dir>   where to write the merged output (required)
  -h, --help    show this help

Example (GitHub Actions: see examples/github-actions-shards.yml):
  p2p-conformance run --config participants.json --shard 2/4 --out shard-2
  p2p-conformance merge shard-1 shard-2 shard-3 shard-4 --out certification`;

interface ShardOutput {
  readonly dir: string;
  readonly summary: Summary & { readonly shard: SummaryShard };
}

function refuse(message: string): never {
  throw new HarnessError("P2PC_ERR_USAGE", `merge: ${message}; nothing was written.`);
}

function readShard(dir: string): ShardOutput {
  const path = join(dir, "summary.json");
  let summary: Partial<Summary>;
  try {
    summary = JSON.parse(readFileSync(path, "utf8")) as Partial<Summary>;
  } catch (error) {
    return refuse(`${path} cannot be read as JSON (${(error as NodeJS.ErrnoException).code ?? "not JSON"})`);
  }
  const shard = summary.shard;
  if (!shard || !Array.isArray(summary.participants) || !Array.isArray(shard.participants) || typeof shard.configHash !== "string") {
    return refuse(`${path} is not a shard's summary (run --config <file> --shard <i>/<n> writes one)`);
  }
  return { dir, summary: summary as Summary & { shard: SummaryShard } };
}

/** Refuses shards that are not one certification: another config or count, a shard or a participant twice. */
function checkOneCertification(shards: readonly ShardOutput[]): void {
  const [first] = shards;
  const seenShards = new Map<number, string>();
  const seenNames = new Map<string, string>();
  for (const { dir, summary } of shards) {
    const { shard } = summary;
    if (first && (shard.configHash !== first.summary.shard.configHash || shard.count !== first.summary.shard.count)) {
      refuse(
        `${dir} is shard ${shard.index}/${shard.count} of config ${shard.configHash}, ${first.dir} of ${first.summary.shard.count} shards of ${first.summary.shard.configHash}`,
      );
    }
    const other = seenShards.get(shard.index);
    if (other !== undefined) {
      refuse(`${dir} and ${other} are both shard ${shard.index}/${shard.count}`);
    }
    seenShards.set(shard.index, dir);
    for (const row of summary.participants) {
      const holder = seenNames.get(row.name);
      if (holder !== undefined) {
        refuse(`participant ${JSON.stringify(row.name)} is in ${holder} and in ${dir}`);
      }
      seenNames.set(row.name, dir);
    }
  }
}

const missingRow = (name: string): SummaryRow => ({
  name,
  role: "(unknown)",
  target: "(not run)",
  subscriberId: "(not run)",
  verdict: "missing",
  exitCode: 2,
  counts: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 },
  report: null,
  certificate: null,
  error: "no shard held this participant of the config: its certification did not run",
});

/** Runs `merge`; resolves with the exit code. */
export function runMerge(argv: readonly string[], out: (line: string) => void): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { out: { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) {
    out(MERGE_HELP);
    return 0;
  }
  if (values.out === undefined || positionals.length === 0) {
    throw new HarnessError("P2PC_ERR_USAGE", "merge needs the shards' folders and --out <dir>: p2p-conformance merge shard-1 shard-2 --out certification.");
  }
  const outDir = values.out;
  if (positionals.some((dir) => resolve(dir) === resolve(outDir))) {
    refuse(`--out ${outDir} is one of the shards' folders; give another`);
  }
  const shards = positionals.map(readShard);
  checkOneCertification(shards);
  const held = shards.flatMap(({ dir, summary }) => summary.participants.map((row) => ({ dir, row })));
  const names = new Set(held.map((h) => h.row.name));
  const everyone = shards[0]?.summary.shard.participants ?? [];
  const missing = everyone.filter((name) => !names.has(name));
  for (const { dir, row } of held) {
    if (existsSync(join(dir, row.name))) {
      cpSync(join(dir, row.name), join(outDir, row.name), { recursive: true });
    }
  }
  const rows = [...held.map((h) => h.row), ...missing.map(missingRow)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const first = shards[0]?.summary;
  const merged = buildSummary(rows, { registryUrl: first?.registryUrl ?? null, concurrency: first?.concurrency ?? 1 });
  const summary: Summary = missing.length > 0 ? { ...merged, exitCode: 2 } : merged;
  const paths = writeSummary(outDir, summary);
  out(
    `Merged ${shards.length} of ${first?.shard.count ?? 0} shards: ${held.length} of ${everyone.length} participants${missing.length > 0 ? `; MISSING: ${missing.join(", ")}` : ""}`,
  );
  rows.map(rowLine).forEach((line) => out(line));
  paths.forEach((path) => out(`summary: ${path}`));
  return summary.exitCode;
}
