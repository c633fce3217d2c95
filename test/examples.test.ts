/** The CI examples users copy (examples/*.yml) are valid YAML, and the sharded ones shard and merge as the README says. */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";

const EXAMPLES = new URL("../examples/", import.meta.url);
const read = (name: string): Record<string, unknown> =>
  parse(readFileSync(new URL(name, EXAMPLES), "utf8"), { strict: true, uniqueKeys: true }) as Record<string, unknown>;
type Job = { strategy?: { matrix?: { shard?: number[] } }; steps?: { run?: string }[]; needs?: string; parallel?: number; script?: string[]; when?: string };

describe("the CI examples", () => {
  test.for(readdirSync(EXAMPLES).filter((n) => n.endsWith(".yml")))("%s is valid YAML with no duplicate keys", (name) => {
    expect(() => read(name)).not.toThrow();
    expect(typeof read(name)).toBe("object");
  });

  test("GitHub Actions: a matrix of 4 shards, each `run --shard <i>/4`, then a merge of the 4 that runs even when one failed", () => {
    const jobs = read("github-actions-shards.yml")["jobs"] as Record<string, Job & { if?: string }>;
    expect(jobs["certify"]?.strategy?.matrix?.shard).toEqual([1, 2, 3, 4]);
    expect(jobs["certify"]?.steps?.map((s) => s.run ?? "").join("\n")).toMatch(
      /p2p-conformance run --config participants\.json --shard \$\{\{ matrix\.shard \}\}\/4/,
    );
    expect(jobs["merge"]?.needs).toBe("certify");
    expect(jobs["merge"]?.if).toBe("always()");
    expect(jobs["merge"]?.steps?.map((s) => s.run ?? "").join("\n")).toContain("p2p-conformance merge shard-1 shard-2 shard-3 shard-4 --out certification");
  });

  test("GitLab: `parallel: 4` with CI_NODE_INDEX/CI_NODE_TOTAL as the shard, then a merge stage", () => {
    const pipeline = read("gitlab-ci-shards.yml") as Record<string, Job | string[]>;
    const certify = pipeline["certify"] as Job;
    expect(certify.parallel).toBe(4);
    expect(certify.script?.join("\n")).toContain('--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"');
    expect((pipeline["merge"] as Job).script?.join("\n")).toContain("p2p-conformance merge shard-1 shard-2 shard-3 shard-4 --out certification");
    expect((pipeline["merge"] as Job).when).toBe("always");
  });
});
