/**
 * Tests that need a tool from the system (Chromium, a Docker daemon) run where it is present. Where
 * it is absent they skip with a printed reason, except in CI (env CI set), where a missing tool is a
 * failed test: CI installs both (.ci/run), so their absence there is a broken CI, not a skip.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { describe, test } from "vitest";

export type ToolCheck = { readonly available: true; readonly path: string } | { readonly available: false; readonly reason: string };

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Debian's Chromium (or CHROMIUM_PATH). */
export function findChromium(): ToolCheck {
  const candidates = [process.env["CHROMIUM_PATH"], "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((p): p is string => Boolean(p));
  const path = candidates.find(executable);
  return path
    ? { available: true, path }
    : { available: false, reason: `no Chromium at ${candidates.join(", ")} (Debian: apt-get install chromium; or set CHROMIUM_PATH)` };
}

function dockerAnswers(host: string | undefined): boolean {
  const env = { ...process.env, ...(host ? { DOCKER_HOST: host } : {}) };
  const info = spawnSync("docker", ["info", "--format", "{{.ServerVersion}}"], { env, encoding: "utf8", timeout: 15_000 });
  return info.status === 0 && info.stdout.trim() !== "";
}

/**
 * A Docker daemon that answers `docker info`: at DOCKER_HOST, at the socket .ci/start-dockerd makes
 * (P2PC_DOCKER_DIR, default /tmp/p2pc-docker), or at docker's default socket. When found at the
 * second, DOCKER_HOST is set for this process and the processes it starts.
 */
export function findDocker(): ToolCheck {
  if (spawnSync("docker", ["--version"], { timeout: 10_000 }).status !== 0) {
    return { available: false, reason: "no docker client on PATH (Debian: apt-get install docker.io)" };
  }
  const ours = `unix://${process.env["P2PC_DOCKER_DIR"] ?? "/tmp/p2pc-docker"}/docker.sock`;
  const candidates = process.env["DOCKER_HOST"] ? [process.env["DOCKER_HOST"]] : [ours, undefined];
  for (const host of candidates) {
    if (dockerAnswers(host)) {
      if (host && !process.env["DOCKER_HOST"]) {
        process.env["DOCKER_HOST"] = host;
      }
      return { available: true, path: host ?? "the default socket" };
    }
  }
  return {
    available: false,
    reason: `no Docker daemon answers at ${candidates.map((h) => h ?? "the default socket").join(" or ")} (start one with .ci/start-dockerd)`,
  };
}

/**
 * `describe(name, body)` when the tool is there. Otherwise: in CI, one failing test that names what is
 * missing; elsewhere, the suite skipped with the reason printed on stderr.
 */
export function describeWithTool(tool: ToolCheck, name: string, body: (path: string) => void): void {
  if (tool.available) {
    describe(name, () => body(tool.path));
    return;
  }
  if (process.env["CI"]) {
    describe(name, () => {
      test("has the system tools it needs", () => {
        throw new Error(`${tool.reason}. CI is set, so a missing tool fails instead of skipping.`);
      });
    });
    return;
  }
  process.stderr.write(`skipping "${name}": ${tool.reason}\n`);
  describe.skip(name, () => body(""));
}
