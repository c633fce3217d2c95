/**
 * `run --sut-image` end to end: the reference BPP's image (docker/build-reference-bpp.sh, built here
 * when absent, which CI does before the tests), started with testcontainers on the host network,
 * certified, then stopped and removed. Needs a Docker daemon (.ci/start-dockerd).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort } from "../../cli/sut-process.js";
import { runCli } from "../support/cli.js";
import { describeWithTool, findDocker } from "../support/system-tools.js";

const IMAGE = "p2p-conformance/reference-bpp:local";

function docker(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync("docker", args, { encoding: "utf8", timeout: 60_000 });
}

function label(name: string): string {
  return docker("image", "inspect", "-f", `{{ index .Config.Labels "${name}" }}`, IMAGE).stdout.trim();
}

describeWithTool(findDocker(), "run --sut-image", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "p2pc-sut-image-"));
    if (docker("image", "inspect", IMAGE).status !== 0) {
      // dist/ is fresh (test/support/build.ts); rebuilding it here would rewrite files other tests' processes are loading.
      const env = { ...process.env, P2PC_SKIP_BUILD: "1" };
      const build = spawnSync("docker/build-reference-bpp.sh", [IMAGE], { encoding: "utf8", timeout: 300_000, env });
      expect(build.status, build.stderr).toBe(0);
    }
  }, 320_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("certifies the reference BPP's image, then stops and removes its container", { timeout: 180_000 }, async () => {
    const [port, registryPort] = [await freePort("127.0.0.1"), await freePort("127.0.0.1")];
    const [id, key] = [label("p2pc.subscriber-id"), label("p2pc.signing-public-key")];
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const out = join(dir, "pass");
    const run = await runCli(
      [
        "run",
        "--role",
        "bpp",
        "--sut-image",
        IMAGE,
        "--target",
        `http://127.0.0.1:${port}`,
        "--sut-id",
        id,
        "--sut-key",
        key,
        "--registry-port",
        String(registryPort),
        "--ttl",
        "PT5S",
        "--quiet-window",
        "300ms",
        "--transfer-timeout",
        "8s",
        "--out",
        out,
      ],
      150_000,
    );
    expect(run.stdout).toMatch(/^CONFORMANT: \d+ passed, 0 failed/m);
    expect(run.status).toBe(0);
    // The container listened where --target said (P2PC_SUT_PORT) and signed with the key its label names.
    expect(readFileSync(join(out, "sut.log"), "utf8")).toContain(`bpp http://127.0.0.1:${port} ${id} ${key}`);
    expect(docker("ps", "-a", "-q", "--filter", `ancestor=${IMAGE}`).stdout.trim()).toBe("");
  });

  test("exits 2 naming an image that is not there (no registry to pull it from)", { timeout: 60_000 }, async () => {
    const port = await freePort("127.0.0.1");
    const run = await runCli([
      "run",
      "--role",
      "bpp",
      "--sut-image",
      "p2p-conformance/absent:local",
      "--target",
      `http://127.0.0.1:${port}`,
      "--sut-id",
      "bpp.x",
      "--sut-key",
      label("p2pc.signing-public-key"),
      "--registry-port",
      "0",
      "--out",
      join(dir, "absent"),
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("The SUT image p2p-conformance/absent:local could not be started:");
    expect(run.stderr).toContain("[P2PC_ERR_SUT_START]");
  });
});
