/**
 * A certification sharded over CI runners: 12 reference BPPs (`mock bpp`, each a process of its own,
 * three with a fault), registered in one registry as a sandbox's participants are, certified by one
 * `run --config` and by 4 `run --shard <i>/4` at once; `merge` of the four gives the single run's
 * summary, timings aside.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { generateKeyFile } from "../../cli/key-file.js";
import { enrol, startRegistry, type RunningRegistry } from "../../mocks/registry/index.js";
import type { Summary, SummaryRow } from "../../reports/summary.js";
import { runCli, startCli, type RunningCli } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-shards-"));
const running: RunningCli[] = [];
let registry: RunningRegistry | undefined;
afterAll(async () => {
  await Promise.all(running.splice(0).map((cli) => cli.stop("SIGKILL")));
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

const FAULTS: Readonly<Record<number, string>> = { 3: "biz.wrong-quote", 7: "ctx.wrong-location", 11: "biz.wrong-unit" };
const PARTICIPANTS = 12;

/** A participant's reference BPP, registered in the sandbox's registry under its own key file. */
async function participant(n: number, registryUrl: string): Promise<Record<string, string>> {
  const name = `participant-${String(n).padStart(2, "0")}`;
  const keys = generateKeyFile();
  const keyFile = join(dir, `${name}.keys.json`);
  writeFileSync(keyFile, JSON.stringify(keys), { mode: 0o600 });
  const id = `bpp.${name}.example`;
  const fault = FAULTS[n];
  const bpp = await startCli(
    ["mock", "bpp", "--registry-url", registryUrl, "--port", "0", "--id", id, "--key-file", keyFile, ...(fault ? ["--fault", fault] : [])],
    "\n",
  );
  running.push(bpp);
  const url = /^bpp (\S+) /.exec(bpp.stdout())?.[1] ?? "";
  return { name, target: url, sutId: id, sutKey: keys.signing_public_key, sutKeyId: keys.unique_key_id };
}

const readSummary = (out: string): Summary => JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as Summary;

/** What a row says of its participant, timings and where its files went aside. */
const verdicts = (rows: readonly SummaryRow[]): unknown[] =>
  [...rows]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((r) => ({
      name: r.name,
      subscriberId: r.subscriberId,
      verdict: r.verdict,
      exitCode: r.exitCode,
      counts: r.counts,
      coverage: r.coverage,
      certified: r.certificate !== null,
    }));

// The slowest test of the suite (about 90 s on 2 cores): 12 BPP processes, each certified twice (24
// certifications of a few seconds, each its own vitest run), as the issue asks of a sharded certification.
describe("a certification sharded over 4 runners, merged", () => {
  test("the merge of 4 shards run at once equals one run of all 12 participants", { timeout: 600_000 }, async () => {
    registry = await startRegistry({ port: 0 });
    const registryUrl = registry.url;
    const participants = await Promise.all(Array.from({ length: PARTICIPANTS }, (_, i) => participant(i + 1, registryUrl)));
    for (const p of participants) {
      enrol(
        registry.registry,
        { subscriberId: String(p["sutId"]), type: "BPP", uniqueKeyId: String(p["sutKeyId"]), signingPublicKey: String(p["sutKey"]) },
        String(p["target"]),
        "trade",
      );
    }
    const config = join(dir, "participants.json");
    writeFileSync(config, JSON.stringify({ ttl: "PT3S", quietWindow: "1s", transferTimeout: "8s", participants: [...participants].reverse() }));
    const common = ["run", "--config", config, "--registry-url", registryUrl];

    const single = await runCli([...common, "--out", join(dir, "single")], 500_000);
    expect(single.status, single.stdout + single.stderr).toBe(1);
    const shards = await Promise.all(
      [1, 2, 3, 4].map((i) => runCli([...common, "--shard", `${i}/4`, "--concurrency", "1", "--out", join(dir, `shard-${i}`)], 500_000)),
    );
    shards.forEach((s, i) => expect(s.stdout, s.stderr).toContain(`Certifying 3 of 12 participants (shard ${i + 1}/4)`));
    const merged = await runCli(["merge", ...[1, 2, 3, 4].map((i) => join(dir, `shard-${i}`)), "--out", join(dir, "merged")]);
    expect(merged.status, merged.stdout + merged.stderr).toBe(single.status);

    const whole = readSummary(join(dir, "single"));
    const joined = readSummary(join(dir, "merged"));
    expect(verdicts(joined.participants)).toEqual(verdicts(whole.participants));
    expect(joined.exitCode).toBe(whole.exitCode);
    expect(
      whole.participants
        .filter((r) => r.verdict === "not-conformant")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["participant-03", "participant-07", "participant-11"]);
    // Each shard recorded which share it is, of which config, and every participant's name.
    const shard2 = readSummary(join(dir, "shard-2")).shard;
    expect(shard2).toMatchObject({ index: 2, count: 4, configHash: expect.stringMatching(/^sha256:/) });
    expect(shard2?.participants).toHaveLength(12);
    expect(readFileSync(join(dir, "merged", "participant-03", "report.json"), "utf8")).toContain('"not-conformant"');
    expect(readFileSync(join(dir, "merged", "junit.xml"), "utf8").match(/<testcase /g)).toHaveLength(12);
  });
});
