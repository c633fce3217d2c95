import { expect, test } from "vitest";
import { checkCaseTables, type CheckCase } from "../../../core/testing/case-table.js";
import { ackBody, nackBody } from "../../../../protocol/ack.js";
import type { Check } from "../../../core/check.js";
import { ACK_CHECKS } from "./ack.js";
import {
  answer,
  checkContext,
  cleanScenario,
  errorCallback,
  failingIds,
  failure,
  hostileCases,
  notJson,
  runAll,
  stepExchange,
  transaction,
} from "../../../core/testing/exchange.js";

type Case = CheckCase;

const core = transaction("core");

/** The synchronous answers, one per case. */
const answers = {
  ack200: answer(200),
  ack202: answer(202),
  nack400: answer(400, nackBody({ code: "30000", paths: "message.order" })),
  nack200: answer(200, nackBody({ code: "40000", message: "busy" })),
  nack202Coded: answer(202, nackBody({ code: "30010", message: "Order not found" })),
  nack400Coded: answer(400, nackBody({ code: "30010", message: "Order not found" })),
  nack401Coded: answer(401, nackBody({ code: "30010", message: "Order not found" })),
  nack400Bare: answer(400, { message: { ack: { status: "NACK" } } }),
  ack500: answer(500, ackBody()),
  html401: notJson(401, "<html><body>Unauthorized</body></html>"),
  html502: notJson(502, "<html><body>Bad Gateway</body></html>"),
  timeout: failure("timeout", "no response headers within 3000 ms"),
  reset: failure("reset", "ECONNRESET after 120 bytes"),
  refused: failure("refused", "connect ECONNREFUSED 127.0.0.1:3000", false),
};

const forged = { expectation: "nack", silent: true } as const;

const passing: Case[] = [
  { id: "ACK-001", case: "an ACK with HTTP 200", exchange: stepExchange(core, "select", { response: answers.ack200 }) },
  { id: "ACK-001", case: "an ACK with HTTP 202", exchange: stepExchange(core, "init", { response: answers.ack202 }) },
  {
    id: "ACK-001",
    case: "an ACK to a request the SUT must refuse in business terms",
    exchange: stepExchange(core, "status", { expectation: "error-callback", expectedErrorCode: "30010", callbackBody: errorCallback(core, "status", "30010") }),
  },
  {
    id: "ACK-001",
    case: "a synchronous 202 NACK with a code to a request the SUT must refuse",
    exchange: stepExchange(core, "status", { expectation: "error-callback", expectedErrorCode: "30010", response: answers.nack202Coded, silent: true }),
  },
  {
    id: "ACK-001",
    case: "a synchronous 400 NACK with a code to a request the SUT must refuse",
    exchange: stepExchange(core, "status", { expectation: "error-callback", expectedErrorCode: "30010", response: answers.nack400Coded, silent: true }),
  },
  {
    id: "ACK-001",
    case: "a synchronous NACK with another code (the code is the FLW check's)",
    exchange: stepExchange(core, "status", { expectation: "error-callback", expectedErrorCode: "30001", response: answers.nack400Coded, silent: true }),
  },
  { id: "ACK-002", case: "a JSON NACK to a forged request", exchange: stepExchange(core, "select", { ...forged, response: answers.nack400 }) },
  { id: "ACK-002", case: "a JSON ACK", exchange: stepExchange(core, "select") },
  { id: "ACK-003", case: "an answer that arrived", exchange: stepExchange(core, "select") },
];

const failing: Case[] = [
  { id: "ACK-001", case: "a NACK to a valid request", exchange: stepExchange(core, "select", { response: answers.nack200, silent: true }) },
  {
    id: "ACK-001",
    case: "a 401 NACK (a bad signature's answer) to a request the SUT must refuse",
    exchange: stepExchange(core, "status", { expectation: "error-callback", expectedErrorCode: "30010", response: answers.nack401Coded, silent: true }),
  },
  {
    id: "ACK-001",
    case: "a 500 NACK with a code (the BPP failing) to a request the SUT must refuse",
    exchange: stepExchange(core, "status", {
      expectation: "error-callback",
      expectedErrorCode: "30010",
      response: answer(500, nackBody({ code: "30010" })),
      silent: true,
    }),
  },
  {
    id: "ACK-001",
    case: "a NACK without error.code to a request the SUT must refuse",
    exchange: stepExchange(core, "status", { expectation: "error-callback", expectedErrorCode: "30010", response: answers.nack400Bare, silent: true }),
  },
  { id: "ACK-001", case: "an ACK with HTTP 500", exchange: stepExchange(core, "select", { response: answers.ack500 }) },
  { id: "ACK-002", case: "an HTML page as the answer to a forged request", exchange: stepExchange(core, "select", { ...forged, response: answers.html401 }) },
  { id: "ACK-003", case: "a request that timed out after connecting", exchange: stepExchange(core, "select", { response: answers.timeout, silent: true }) },
  { id: "ACK-003", case: "a connection reset mid-answer", exchange: stepExchange(core, "confirm", { response: answers.reset, silent: true }) },
];

const skipped: Case[] = [
  { id: "ACK-001", case: "a forged request, which must be refused", exchange: stepExchange(core, "select", { ...forged, response: answers.nack400 }) },
  { id: "ACK-001", case: "the idempotency probe", exchange: stepExchange(core, "confirm", { expectation: "ack-or-nack", response: answers.nack400 }) },
  { id: "ACK-002", case: "a request that got no answer", exchange: stepExchange(core, "select", { response: answers.timeout }) },
  { id: "ACK-003", case: "a connection that was never made", exchange: stepExchange(core, "select", { response: answers.refused }) },
];

function check(id: string): Check {
  const found = ACK_CHECKS.find((c) => c.id === id);
  if (!found) {
    throw new Error(`No check ${id}`);
  }
  return found;
}

checkCaseTables("ACK", ACK_CHECKS, { passing, failing, skipped, findingPath: /^\$\.response/ });

test("ACK-001 and ACK-002 both fail an HTML error page to a valid request", async () => {
  const exchange = stepExchange(core, "select", { response: answers.html502, silent: true });
  expect(await failingIds(ACK_CHECKS, exchange, checkContext())).toEqual(["ACK-001", "ACK-002"]);
});

test("ACK-003 gives the failure's detail as evidence", async () => {
  const exchange = stepExchange(core, "select", { response: answers.reset, silent: true });
  expect(await check("ACK-003").run(exchange, checkContext())).toEqual([
    {
      message:
        "The SUT must send a complete HTTP answer on a connection it accepted, before the request's ttl ends (the harness reads that long; an answer after the 3 s ACK deadline is only late, TIM-001).",
      path: "$.response",
      expected: "an HTTP response",
      actual: { failure: "reset", detail: "ECONNRESET after 120 bytes" },
    },
  ]);
});

test("a clean scenario passes every ACK check", async () => {
  const exchanges = cleanScenario(core, "core");
  expect(await runAll(ACK_CHECKS, exchanges, checkContext({ scenarioExchanges: exchanges }))).toEqual([]);
});

test.for(hostileCases(core))("no ACK check throws on $case", async ({ exchanges, ctx }) => {
  const findings = await runAll(ACK_CHECKS, exchanges, ctx);
  expect(findings.every((finding) => typeof finding.message === "string" && finding.message !== "")).toBe(true);
});
