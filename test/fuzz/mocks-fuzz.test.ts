import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { errorOf } from "../../protocol/ack.js";
import { startNetwork, type RunningNetwork } from "../../mocks/network/index.js";
import { malformedInputs, type InputKind, type MalformedInput } from "./malformed-inputs.js";

/**
 * At least 1,000 malformed inputs to every endpoint of every mock. Each must get a 4xx answer
 * whose JSON body carries an error code (a NACK for Beckn endpoints): no crash, no 5xx, no hang.
 */
const INPUTS_PER_ENDPOINT = 1000;
const BODY_LIMIT = 1024 * 1024;
const REQUEST_DEADLINE_MS = 5000;
const CONCURRENCY = 16;

let network: RunningNetwork;
beforeAll(async () => {
  network = await startNetwork();
}, 20_000);
afterAll(async () => {
  await network?.stop();
});

interface Endpoint {
  readonly name: string;
  readonly url: () => string;
  readonly beckn: boolean;
  readonly kinds?: readonly InputKind[];
}

const BPP_ACTIONS = ["search", "select", "init", "confirm", "status", "update", "cancel"];
const BAP_CALLBACKS = ["on_search", "on_select", "on_init", "on_confirm", "on_status", "on_update", "on_cancel"];
const UNSIGNED_KINDS: readonly InputKind[] = ["broken-json", "wrong-shape", "wrong-types", "odd-content-type"];

const endpoints: Endpoint[] = [
  { name: "registry /lookup", url: () => `${network.registry.url}/lookup`, beckn: false, kinds: UNSIGNED_KINDS },
  { name: "registry /subscribe", url: () => `${network.registry.url}/subscribe`, beckn: false },
  { name: "gateway /search", url: () => `${network.gateway.url}/search`, beckn: true },
  { name: "gateway /on_search", url: () => `${network.gateway.url}/on_search`, beckn: true },
  ...BPP_ACTIONS.map((a) => ({ name: `bpp /${a}`, url: () => `${network.bpp.url}/${a}`, beckn: true })),
  ...BAP_CALLBACKS.map((a) => ({ name: `bap /${a}`, url: () => `${network.bap.url}/${a}`, beckn: true })),
  {
    name: "bap /trigger/select",
    url: () => `${network.bap.url}/trigger/select`,
    beckn: false,
    kinds: ["broken-json", "wrong-shape", "deep-nesting", "invalid-utf8", "odd-content-type"],
  },
];

interface Verdict {
  readonly input: MalformedInput;
  readonly problem?: string;
}

async function fire(url: string, input: MalformedInput, beckn: boolean): Promise<Verdict> {
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", body: input.body, headers: input.headers, signal: AbortSignal.timeout(REQUEST_DEADLINE_MS) });
  } catch (error) {
    return { input, problem: `no answer: ${(error as Error).message}` };
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    return { input, problem: `HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 80)}` };
  }
  if (response.status < 400 || response.status >= 500) {
    return { input, problem: `HTTP ${response.status}: ${text.slice(0, 120)}` };
  }
  if (!errorOf(body)?.code) {
    return { input, problem: `HTTP ${response.status} without error.code: ${text.slice(0, 120)}` };
  }
  if (beckn && (body as { message?: { ack?: { status?: string } } }).message?.ack?.status !== "NACK") {
    return { input, problem: `HTTP ${response.status} without a NACK: ${text.slice(0, 120)}` };
  }
  return { input };
}

async function fireAll(endpoint: Endpoint, inputs: readonly MalformedInput[]): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < inputs.length) {
      const input = inputs[next++] as MalformedInput;
      verdicts.push(await fire(endpoint.url(), input, endpoint.beckn));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return verdicts;
}

describe("malformed inputs to every mock endpoint", () => {
  test.for(endpoints.map((e, i) => ({ ...e, seed: i + 1 })))(
    "$name answers 1,000 malformed inputs with coded 4xx NACKs",
    { timeout: 120_000 },
    async (endpoint) => {
      const inputs = malformedInputs(endpoint.seed, INPUTS_PER_ENDPOINT, BODY_LIMIT, endpoint.kinds);
      const verdicts = await fireAll(endpoint, inputs);
      const problems = verdicts.filter((v) => v.problem).map((v) => `${v.input.kind}: ${v.problem}`);
      expect(verdicts).toHaveLength(INPUTS_PER_ENDPOINT);
      expect(problems.slice(0, 5)).toEqual([]);
    },
  );

  test("no payload polluted Object.prototype", () => {
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  test("every mock still answers a lookup afterwards", async () => {
    const response = await fetch(`${network.registry.url}/lookup`, { method: "POST", body: "{}" });
    expect(((await response.json()) as unknown[]).length).toBe(3);
  });
});
