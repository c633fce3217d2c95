import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { CONFIG_KEY_OF_FLAG, readConfigFile } from "../../cli/config-file.js";
import { RUN_OPTIONS } from "../../cli/run-flags.js";
import { HarnessError } from "../../protocol/errors.js";
import { CLI } from "../support/cli.js";
import configSchema from "../../schemas/config.schema.json" with { type: "json" };

const dir = mkdtempSync(join(tmpdir(), "p2pc-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk=";

function cli(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [...CLI, ...args], { encoding: "utf8", timeout: 90_000, cwd });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

function configFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

/** The message of the P2PC_ERR_CONFIG error a config file raises. */
function configError(content: unknown): string {
  try {
    readConfigFile(configFile("bad.json", content));
  } catch (error) {
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe("P2PC_ERR_CONFIG");
    return (error as Error).message;
  }
  throw new Error("the config was accepted");
}

const participant = { name: "acme", target: "http://127.0.0.1:3000", sutId: "bpp.acme.energy", sutKey: KEY };

describe("the config file's fields", () => {
  const schemaKeys = [...Object.keys(configSchema.properties), ...Object.keys(configSchema.$defs.runSettings.properties)].filter(
    (k) => k !== "$schema" && k !== "participants",
  );

  test("give every run flag a config key (or none on purpose), and every config key a flag", () => {
    expect(Object.keys(CONFIG_KEY_OF_FLAG).sort()).toEqual(Object.keys(RUN_OPTIONS).sort());
    const keys = Object.values(CONFIG_KEY_OF_FLAG).filter((k): k is string => k !== null);
    expect([...keys].sort()).toEqual([...schemaKeys].sort());
  });

  test("are documented in the README", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Config file"));
    for (const key of [...schemaKeys, "participants", "name"]) {
      expect(section, key).toContain(`\`${key}\``);
    }
  });
});

describe("a good config file", () => {
  test("becomes run flags: numbers as text, paths from the file's folder, each participant over the top level", () => {
    const path = configFile("good.json", {
      role: "bpp",
      registryPort: 0,
      quietWindow: 1.5,
      faults: ["biz.wrong-quote"],
      passive: false,
      out: "reports",
      issuerKey: "../keys/issuer.json",
      participants: [
        participant,
        { ...participant, name: "sunny", profile: "p2p-trade-strict", quietWindow: "300ms" },
        { name: "reg", role: "registry", target: "http://127.0.0.1:7300" },
      ],
    });
    const loaded = readConfigFile(path);
    expect(loaded.values).toEqual({
      role: "bpp",
      "registry-port": "0",
      "quiet-window": "1.5",
      fault: ["biz.wrong-quote"],
      passive: false,
      out: join(dir, "reports"),
      "issuer-key": join(dir, "..", "keys", "issuer.json"),
    });
    expect(loaded.participants?.map((p) => [p.name, p.values["sut-id"], p.values.profile, p.values["quiet-window"], p.values.role])).toEqual([
      ["acme", "bpp.acme.energy", undefined, "1.5", "bpp"],
      ["sunny", "bpp.acme.energy", "p2p-trade-strict", "300ms", "bpp"],
      ["reg", undefined, undefined, "1.5", "registry"],
    ]);
  });
});

describe("a bad config file", () => {
  test.for([
    ["an unknown field", { role: "bpp", colour: "red" }, /\/colour: is not a known field/],
    ["a flag name instead of its field", { "sut-id": "bpp.x" }, /\/sut-id: is not a known field; did you mean "sutId"\?/],
    ["a role that is none", { role: "seller" }, /\/role: "seller" must be one of "bpp", "bap", "gateway", "registry"/],
    ["a ttl that is not ISO 8601", { ttl: "10s" }, /\/ttl: "10s" must match pattern/],
    ["a duration that is none", { quietWindow: "soon" }, /\/quietWindow: "soon" must be a duration like 2s, 500ms or 2m/],
    ["a port of the wrong type", { registryPort: "7300" }, /\/registryPort: "7300" must be integer/],
    ["a target without its id and key", { target: "http://127.0.0.1:3000" }, /\/sutId: is required with target; \/sutKey: is required with target/],
    [
      "a participant without a key",
      { participants: [{ name: "acme", target: "http://127.0.0.1:3000", sutId: "bpp.acme" }] },
      /\/participants\/0\/sutKey: is required/,
    ],
    ["a participant with an unknown field", { participants: [{ ...participant, colour: "red" }] }, /\/participants\/0\/colour: is not a known field/],
    [
      "a participant name that is not a folder name",
      { participants: [{ ...participant, name: "../escape" }] },
      /\/participants\/0\/name: "..\/escape" must match pattern/,
    ],
    [
      "two participants of one name",
      { participants: [participant, { ...participant, name: "ACME" }] },
      /\/participants\/1\/name: "ACME" is already the name of another participant/,
    ],
    [
      "a target beside participants",
      { target: "http://127.0.0.1:3000", sutId: "x", sutKey: KEY, participants: [participant] },
      /\/target: is not allowed beside participants/,
    ],
    ["a SUT command beside participants", { sutCommand: "./start.sh", participants: [participant] }, /\/sutCommand: is not allowed beside participants/],
    ["an empty participants list", { participants: [] }, /\/participants: .*must NOT have fewer than 1 items/],
    ["a list instead of an object", [participant], /\/: .*must be object/],
    ["text that is not JSON", "{ role: bpp }", /is not JSON: /],
  ] as const)("with %s is refused, naming the field", ([, content, message]) => {
    expect(configError(content)).toMatch(message);
  });

  test("stops run with exit 2, one line on stderr and P2PC_ERR_CONFIG", { timeout: 30_000 }, () => {
    const result = cli(process.cwd(), "run", "--config", configFile("unknown.json", { role: "bpp", qietWindow: "2s" }));
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(
      /The config file .*unknown\.json is not valid: \/qietWindow: is not a known field\. See schemas\/config\.schema\.json\. \[P2PC_ERR_CONFIG\]$/m,
    );
  });

  test("p2p-conformance.config.json in the working directory is read without --config", { timeout: 30_000 }, () => {
    const cwd = join(dir, "implicit");
    mkdirSync(cwd);
    writeFileSync(join(cwd, "p2p-conformance.config.json"), JSON.stringify({ profile: "retail" }));
    const result = cli(cwd, "run");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/p2p-conformance\.config\.json is not valid: \/profile: "retail" must be one of/);
  });
});

describe("a run from a config file", () => {
  test("takes its settings from the file, paths from the file's folder, flags over the file, and earns a self-issued certificate", { timeout: 90_000 }, () => {
    const cwd = join(dir, "project");
    mkdirSync(cwd);
    writeFileSync(
      join(cwd, "p2p-conformance.config.json"),
      JSON.stringify({
        $schema: "../schemas/config.schema.json",
        role: "bpp",
        registryPort: 0,
        ttl: "PT3S",
        quietWindow: "300ms",
        transferTimeout: 6,
        profile: "core-1.1.0",
        out: "from-config",
      }),
    );
    const result = cli(cwd, "run", "--profile", "p2p-trade-guide-v1");
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(cwd, "from-config", "report.json"), "utf8")) as {
      run: { profile: string };
      exchanges: { request: { body: { context: { ttl: string } } } }[];
    };
    expect(report.run.profile).toBe("p2p-trade-guide-v1");
    expect(report.exchanges[0]?.request.body.context.ttl).toBe("PT3S");
    const certificate = JSON.parse(readFileSync(join(cwd, "from-config", "certificate.json"), "utf8")) as { issuer: { selfIssued: boolean }; profile: string };
    expect(certificate).toMatchObject({ issuer: { selfIssued: true }, profile: "p2p-trade-guide-v1" });
    expect(result.stdout).toContain(`certificate: ${join(cwd, "from-config", "certificate.json")}`);
  });
});
