import { afterEach, describe, expect, test } from "vitest";
import { main } from "../../cli/program.js";
import { freePort, startCli, type RunningCli } from "../support/cli.js";

/** Runs the CLI in this process and keeps what it printed. */
async function inProcess(argv: readonly string[]): Promise<{ status: number; out: string; err: string }> {
  const lines = { out: [] as string[], err: [] as string[] };
  const status = await main(argv, { out: (l) => lines.out.push(l), err: (l) => lines.err.push(l) });
  return { status, out: lines.out.join("\n"), err: lines.err.join("\n") };
}

const started: RunningCli[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((cli) => cli.stop("SIGKILL")));
});

/** Starts `p2p-conformance mock <args>` and resolves with its first `lines` lines of output. */
async function startMock(args: readonly string[], lines: number): Promise<{ mock: RunningCli; lines: string[] }> {
  const mock = await startCli(["mock", ...args], new RegExp(`^(?:.*\\n){${lines}}`));
  started.push(mock);
  return {
    mock,
    lines: mock
      .stdout()
      .split("\n")
      .filter((l) => l !== ""),
  };
}

/** A search through the BAP's trigger, to a BPP that is not there: the 502 still carries the context it sent. */
async function triggerSearch(triggerBase: string): Promise<{ status: number; context: Record<string, unknown> }> {
  const bppUri = `http://127.0.0.1:${await freePort()}`;
  const response = await fetch(`${triggerBase}/trigger/search`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ context: { bpp_id: "bpp.absent.example", bpp_uri: bppUri }, message: { intent: {} } }),
  });
  const body = (await response.json()) as { context: Record<string, unknown> };
  return { status: response.status, context: body.context };
}

describe("mock bap and mock bpp: usage", () => {
  test.each([
    ["bap", "ftp://bap.example.org", /must be an http or https URL/],
    ["bap", "bap.example.org", /is not an absolute URL/],
    ["bpp", "/beckn", /is not an absolute URL/],
    ["bpp", "https://bpp.example.org/?x=1", /must be a base URL/],
  ])("mock %s --public-url %s is a usage error (exit 2)", async (role, url, message) => {
    const run = await inProcess(["mock", role, "--public-url", url, "--port", "0"]);
    expect(run.status).toBe(2);
    expect(run.err).toMatch(message);
    expect(run.err).toContain("[P2PC_ERR_USAGE]");
  });

  test("mock bap refuses a gateway URL that is not http(s), an unknown fault and an unreadable key file", async () => {
    expect((await inProcess(["mock", "bap", "--gateway-url", "gateway", "--port", "0"])).err).toMatch(/--gateway-url "gateway" is not an absolute URL/);
    const fault = await inProcess(["mock", "bap", "--fault", "bap.no-such-fault", "--port", "0"]);
    expect([fault.status, fault.err]).toEqual([2, expect.stringMatching(/Cannot start the BAP: Unknown BAP fault "bap.no-such-fault"/)]);
    const key = await inProcess(["mock", "bap", "--key-file", "/nonexistent/bap.keys.json", "--port", "0"]);
    expect([key.status, key.err]).toEqual([2, expect.stringMatching(/The BAP key file \/nonexistent\/bap.keys.json cannot be read as JSON \(ENOENT\)/)]);
  });

  test("mock names its three commands; mock --help and the top-level help show mock bap", async () => {
    const wrong = await inProcess(["mock", "down"]);
    expect(wrong.status).toBe(2);
    expect(wrong.err).toContain("use `p2p-conformance mock up`, `mock bpp` or `mock bap`.");
    const help = await inProcess(["mock", "--help"]);
    expect(help.out).toContain("Usage: p2p-conformance mock bap --registry-url <url> [options]");
    expect(help.out).toContain("--public-url <url>");
    expect((await inProcess(["--help"])).out).toMatch(/^ {2}mock bap {11}start the reference BAP alone/m);
    expect((await inProcess(["mock", "bap", "-h"])).out).toContain("--gateway-url <url>");
  });
});

describe("mock bap alone", () => {
  test("prints its URL, id, key and trigger contract; its bap_uri is where it listens; SIGTERM stops it", { timeout: 120_000 }, async () => {
    const port = await freePort();
    const registry = `http://127.0.0.1:${await freePort()}`;
    const { mock, lines } = await startMock(["bap", "--registry-url", registry, "--port", String(port)], 2);
    const url = `http://127.0.0.1:${port}`;
    expect(lines[0]).toMatch(new RegExp(`^bap ${url.replace(/\./g, "\\.")} bap\\.reference\\.p2p-conformance\\.local [A-Za-z0-9+/]{43}=$`));
    expect(lines[1]).toBe(`trigger ${url}/trigger/<action> (docs/bap-trigger-contract.md)`);
    const sent = await triggerSearch(url);
    expect(sent.status).toBe(502);
    expect(sent.context).toMatchObject({ action: "search", bap_id: "bap.reference.p2p-conformance.local", bap_uri: url });
    expect((await mock.stop("SIGTERM")).status).toBe(0);
  });

  test("--public-url is its bap_uri, printed first; it still listens and takes triggers on its own port", { timeout: 120_000 }, async () => {
    const port = await freePort();
    const publicUrl = "https://observe.example.org:8443/bap";
    const { mock, lines } = await startMock(["bap", "--port", String(port), "--public-url", `${publicUrl}/`, "--id", "bap.acme.example"], 3);
    expect(lines[0]).toMatch(/^bap https:\/\/observe\.example\.org:8443\/bap bap\.acme\.example \S+$/);
    expect(lines.slice(1, 3)).toEqual([
      `listening on http://127.0.0.1:${port}`,
      `trigger http://127.0.0.1:${port}/trigger/<action> (docs/bap-trigger-contract.md)`,
    ]);
    const sent = await triggerSearch(`http://127.0.0.1:${port}`);
    expect(sent.context).toMatchObject({ bap_id: "bap.acme.example", bap_uri: publicUrl });
    expect((await mock.stop("SIGINT")).status).toBe(0);
  });
});

describe("mock bpp --public-url", () => {
  test("prints the public URL as its URL and where it listens; without it, one line as before", { timeout: 120_000 }, async () => {
    const port = await freePort();
    const behind = await startMock(["bpp", "--port", String(port), "--public-url", "http://127.0.0.1:7999"], 2);
    expect(behind.lines[0]).toMatch(/^bpp http:\/\/127\.0\.0\.1:7999 bpp\.reference\.p2p-conformance\.local \S+$/);
    expect(behind.lines[1]).toBe(`listening on http://127.0.0.1:${port}`);
    expect((await behind.mock.stop("SIGTERM")).status).toBe(0);
    const plain = await startMock(["bpp", "--port", String(port)], 1);
    expect(plain.lines).toEqual([expect.stringMatching(new RegExp(`^bpp http://127\\.0\\.0\\.1:${port} `))]);
  });
});
