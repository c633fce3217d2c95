/** The tool's own package.json, read once: its name, its version, and its public repository. */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const TOOL_NAME = "p2p-energy-conformance";

interface OwnPackage {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly repository?: unknown;
}

let cached: OwnPackage | undefined;

/** package.json: `../package.json` from the sources, `../../` from dist/; the one named TOOL_NAME. */
function ownPackage(): OwnPackage {
  if (cached === undefined) {
    const here = dirname(fileURLToPath(import.meta.url));
    cached = {};
    for (const candidate of [resolve(here, "..", "package.json"), resolve(here, "..", "..", "package.json")]) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, "utf8")) as OwnPackage;
        if (pkg.name === TOOL_NAME) {
          cached = pkg;
          break;
        }
      } catch {
        // not this one
      }
    }
  }
  return cached;
}

/** The tool's version from its package.json. */
export function toolVersion(): string {
  const { version } = ownPackage();
  return typeof version === "string" ? version : "unknown";
}

/**
 * A package.json `repository` (a string or `{ url }`, npm's forms) as the https URL of its web page:
 * `git+https://github.com/o/r.git`, `git@github.com:o/r.git`, `github:o/r` and `o/r` all give
 * `https://github.com/o/r`. Undefined when it names no https repository.
 */
export function repositoryWebUrl(repository: unknown): string | undefined {
  const raw = typeof repository === "string" ? repository : (repository as { url?: unknown } | null | undefined)?.url;
  if (typeof raw !== "string") {
    return undefined;
  }
  const value = raw.trim();
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(value);
  const ssh = /^(?:git\+)?(?:ssh:\/\/)?git@([\w.-]+)[:/](.+)$/.exec(value);
  const url = shorthand ? `https://github.com/${shorthand[1] ?? ""}` : ssh ? `https://${ssh[1] ?? ""}/${ssh[2] ?? ""}` : value.replace(/^git\+/, "");
  if (!/^https:\/\/[^/\s]+\/\S+$/.test(url)) {
    return undefined;
  }
  return url.replace(/\.git$/, "").replace(/\/+$/, "");
}

/** This package's public repository, where docs/checks.md can be read; undefined while package.json names none. */
export function toolRepositoryUrl(): string | undefined {
  return repositoryWebUrl(ownPackage().repository);
}
