import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, createServer as createNetServer, type AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { generateSigningKeyPair } from "../../../protocol/keys.js";
import { signBody, verifySignatureHeader } from "../../../protocol/signing/index.js";
import { headerPairs } from "./headers.js";
import { startForwarder, NO_ANSWER_CODE, type RunningForwarder } from "./forwarder.js";

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

interface Answer {
  readonly status: number;
  readonly statusMessage: string;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) {
    await close();
  }
});

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/** A target that records what it got and answers as `answer` says. */
async function startTarget(answer: (seen: Seen, res: ServerResponse) => void): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    void readAll(req).then((body) => {
      const got = { method: req.method ?? "", url: req.url ?? "", rawHeaders: req.rawHeaders, body };
      seen.push(got);
      answer(got, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

async function forwarderTo(target: string, limits = {}): Promise<RunningForwarder> {
  const forwarder = await startForwarder({ target, limits });
  closers.push(() => forwarder.close());
  return forwarder;
}

/** Sends one request with node:http, headers exactly as given, and reads the whole answer. */
function send(url: string, path: string, opts: { method?: string; headers?: string[]; body?: Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    // A header list (not an object) is sent as it is: node adds neither Host nor the body's framing.
    const headers = ["Host", target.host, ...(opts.headers ?? []), ...(opts.body ? ["Content-Length", String(opts.body.length)] : [])];
    const req = request({ hostname: target.hostname, port: target.port, method: opts.method ?? "POST", path, headers, agent: false }, (res) => {
      void readAll(res).then(
        (body) => resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? "", rawHeaders: res.rawHeaders, body }),
        reject,
      );
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

const header = (raw: readonly string[], name: string): string[] =>
  headerPairs(raw)
    .filter((p) => p.name.toLowerCase() === name.toLowerCase())
    .map((p) => p.value);

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("the recording forwarder passes requests and answers unchanged", () => {
  test("a signed body arrives byte for byte (its signature verifies at the target); status, reason, headers and body come back", async () => {
    const keys = generateSigningKeyPair();
    const answerBody = Buffer.from([0x7b, 0x22, 0xe9, 0x00, 0xff, 0x22, 0x7d]);
    const target = await startTarget((_seen, res) => {
      res.writeHead(202, "Accepted, Oddly", ["X-Answer", "one", "Set-Cookie", "a=1", "Set-Cookie", "b=2", "content-TYPE", "application/json; charset=utf-8"]);
      res.end(answerBody);
    });
    const forwarder = await forwarderTo(`${target.url}/beckn/`);
    // Indented, members in an odd order, an escaped character, non-ASCII: any re-serialisation would break the signature.
    const raw = '{\n  "message": {"intent": {}},\n  "context": {"action": "search", "city": "S\\u00e3o Paulo", "note": "é"}\n}';
    const signed = signBody({ rawBody: raw, subscriberId: "bap.example", uniqueKeyId: "k1", privateKey: keys.privateKey });
    const answer = await send(forwarder.url, "/search?x=1&y=%20", {
      headers: [
        "Content-Type",
        "application/json",
        "Authorization",
        signed.header,
        "Proxy-Authorization",
        "gateway-sig",
        "Connection",
        "keep-alive, X-Hop",
        "X-Hop",
        "gone",
      ],
      body: Buffer.from(raw, "utf8"),
    });

    const got = target.seen[0];
    if (!got) {
      throw new Error("the target got nothing");
    }
    expect(got?.url).toBe("/beckn/search?x=1&y=%20");
    expect(got?.body.equals(Buffer.from(raw, "utf8"))).toBe(true);
    const verify = (body: Buffer) =>
      verifySignatureHeader({
        header: header(got.rawHeaders, "authorization")[0],
        rawBody: body,
        kind: "authorization",
        lookupPublicKey: () => keys.publicKey,
      });
    expect(await verify(got.body)).toMatchObject({ ok: true });
    expect(await verify(Buffer.from(raw.replace("é", "e"), "utf8"))).toMatchObject({ ok: false });
    expect(header(got.rawHeaders, "proxy-authorization")).toEqual(["gateway-sig"]);
    expect(header(got.rawHeaders, "x-hop")).toEqual([]);
    expect(header(got.rawHeaders, "host")).toEqual([new URL(target.url).host]);

    expect([answer.status, answer.statusMessage]).toEqual([202, "Accepted, Oddly"]);
    expect(answer.body.equals(answerBody)).toBe(true);
    expect(header(answer.rawHeaders, "set-cookie")).toEqual(["a=1", "b=2"]);
    expect(header(answer.rawHeaders, "x-answer")).toEqual(["one"]);
    expect(answer.rawHeaders).toContain("content-TYPE");

    const [record] = forwarder.exchanges();
    expect(record).toMatchObject({
      seq: 1,
      outcome: "answered",
      request: { method: "POST", path: "/search?x=1&y=%20" },
      response: { status: 202, fromForwarder: false },
    });
    expect(record?.request.body).toEqual({ bytes: Buffer.from(raw, "utf8"), size: Buffer.byteLength(raw), truncated: false });
    expect(record?.response?.body.bytes.equals(answerBody)).toBe(true);
    expect(record?.request.headers).toContainEqual({ name: "X-Hop", value: "gone" });
    expect(record?.notes).toEqual([]);
    const t = record?.timings ?? { startedAt: 0, end: -1 };
    expect(Math.abs(t.startedAt - Date.now())).toBeLessThan(5000);
    expect(t.requestEnd).toBeLessThanOrEqual(t.responseStart ?? -1);
    expect(t.responseStart).toBeLessThanOrEqual(t.end);
  });

  test("a body over the record's cap passes whole both ways and is recorded cut, with a note", async () => {
    const target = await startTarget((seen, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(seen.body);
    });
    const forwarder = await forwarderTo(target.url, { maxRecordedBodyBytes: 1024 });
    const big = Buffer.alloc(200_000, "abcdefghij");
    const answer = await send(forwarder.url, "/on_status", { headers: ["Content-Type", "application/octet-stream"], body: big });
    expect(target.seen[0]?.body.equals(big)).toBe(true);
    expect(answer.body.equals(big)).toBe(true);
    const [record] = forwarder.exchanges();
    expect(record?.request.body).toEqual({ bytes: big.subarray(0, 1024), size: 200_000, truncated: true });
    expect(record?.response?.body.truncated).toBe(true);
    expect(record?.response?.body.size).toBe(200_000);
    expect(record?.notes).toEqual([
      "The request body is recorded cut: its first 1024 of 200000 bytes (it passed whole).",
      "The response body is recorded cut: its first 1024 of 200000 bytes (it passed whole).",
    ]);
  });

  test("many requests at once each get their own answer and their own record", async () => {
    const target = await startTarget((seen, res) => {
      setTimeout(() => res.end(Buffer.concat([Buffer.from("echo:"), seen.body])), Math.random() * 30);
    });
    const forwarder = await forwarderTo(target.url);
    const bodies = Array.from({ length: 60 }, (_, i) => Buffer.from(`{"n":${i}}`));
    const answers = await Promise.all(bodies.map((body) => send(forwarder.url, "/select", { body })));
    answers.forEach((a, i) => expect(a.body.toString()).toBe(`echo:{"n":${i}}`));
    const records = forwarder.exchanges();
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    for (const r of records) {
      expect(r.response?.body.bytes.toString()).toBe(`echo:${r.request.body.bytes.toString()}`);
    }
  });
});

describe("the recording forwarder when the target fails", () => {
  test("a target that refuses connections: the caller gets a 502 Beckn NACK, recorded as no-answer", async () => {
    const forwarder = await forwarderTo(`http://127.0.0.1:${await freePort()}`);
    const answer = await send(forwarder.url, "/confirm", { headers: ["Content-Type", "application/json"], body: Buffer.from("{}") });
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.body.toString())).toEqual({
      message: { ack: { status: "NACK" } },
      error: { code: NO_ANSWER_CODE, message: "The forwarder got no answer from the participant (ECONNREFUSED)." },
    });
    const [record] = forwarder.exchanges();
    expect(record).toMatchObject({ outcome: "no-answer", failure: "ECONNREFUSED", response: { status: 502, fromForwarder: true } });
    expect(record?.response?.body.bytes.equals(answer.body)).toBe(true);
  });

  test("a target that stays silent past the deadline: a 502 NACK, the failure names the timeout", async () => {
    const target = await startTarget(() => undefined);
    const forwarder = await forwarderTo(target.url, { targetTimeoutMs: 200 });
    const answer = await send(forwarder.url, "/init", { body: Buffer.from("{}") });
    expect(answer.status).toBe(502);
    expect(forwarder.exchanges()[0]).toMatchObject({ outcome: "no-answer", failure: "timeout: the target was silent for 200 ms" });
  });

  test("a target that cuts its answer midway: the caller's connection is cut too, recorded as cut", async () => {
    const target = await startTarget((_seen, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial");
      setTimeout(() => res.destroy(), 20);
    });
    const forwarder = await forwarderTo(target.url);
    await expect(send(forwarder.url, "/status", { body: Buffer.from("{}") })).rejects.toThrow();
    await expect.poll(() => forwarder.exchanges().length).toBe(1);
    expect(forwarder.exchanges()[0]).toMatchObject({ outcome: "cut", response: { status: 200, body: { bytes: Buffer.from("partial") } } });
  });
});

describe("the recording forwarder's bounds and hostile input", () => {
  test("past maxExchanges it forwards but only counts", async () => {
    const target = await startTarget((_seen, res) => res.end("ok"));
    const forwarder = await forwarderTo(target.url, { maxExchanges: 3 });
    for (let i = 0; i < 5; i += 1) {
      expect((await send(forwarder.url, "/search", { body: Buffer.from("{}") })).body.toString()).toBe("ok");
    }
    expect(forwarder.exchanges()).toHaveLength(3);
    expect(forwarder.dropped()).toBe(2);
    expect(target.seen).toHaveLength(5);
  });

  test("an absolute-form request (an open-proxy attempt) gets a 400 NACK and never reaches the target; garbage does not stop it", async () => {
    const target = await startTarget((_seen, res) => res.end("ok"));
    const forwarder = await forwarderTo(target.url);
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(new URL(forwarder.url).port), "127.0.0.1", () => socket.end(text));
        let got = "";
        socket.on("data", (c: Buffer) => (got += c.toString("latin1")));
        socket.on("close", () => resolve(got));
        socket.on("error", () => resolve(got));
      });
    expect(await raw("GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw("\x00\x01 not http at all\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 |^$/);
    expect(target.seen).toHaveLength(0);
    expect(forwarder.exchanges()[0]).toMatchObject({ outcome: "refused", request: { path: "http://evil.example/" } });
    expect((await send(forwarder.url, "/search", { body: Buffer.from("{}") })).body.toString()).toBe("ok");
  });

  test("close() cuts a request still waiting on the target, records it, and frees the port", async () => {
    const target = await startTarget(() => undefined);
    const forwarder = await startForwarder({ target: target.url });
    const port = Number(new URL(forwarder.url).port);
    const pending = send(forwarder.url, "/confirm", { body: Buffer.from("{}") }).catch((error: Error) => error);
    await expect.poll(() => target.seen.length).toBe(1);
    await forwarder.close();
    expect(await pending).toBeInstanceOf(Error);
    expect(forwarder.exchanges()).toMatchObject([{ outcome: "cut", failure: "the forwarder closed" }]);
    const again = createNetServer();
    await new Promise<void>((resolve, reject) => (again.once("error", reject), again.listen(port, "127.0.0.1", resolve)));
    await new Promise<void>((resolve) => again.close(() => resolve()));
  });

  test("a target that is not an http(s) URL is refused at start", async () => {
    await expect(startForwarder({ target: "ftp://example.org" })).rejects.toThrow(/not an http\(s\) URL/);
  });
});
