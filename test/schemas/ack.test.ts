import { describe, expect, test } from "vitest";
import { ackBody, nackBody } from "../../protocol/ack.js";
import { runAckLayer } from "../../schemas/index.js";

describe("the core 1.1.0 ACK/NACK response schema", () => {
  test.for([
    ["an ACK", ackBody()],
    ["a NACK with an error", nackBody({ code: "30000", message: "bad", paths: "$.context" })],
    ["a NACK with no error (core does not require one)", { message: { ack: { status: "NACK" } } }],
  ] as const)("accepts %s", ([, body]) => {
    expect(runAckLayer(body)).toEqual([]);
  });

  test.for([
    ["no message", { error: { code: "30000" } }, "message"],
    ["no ack", { message: {} }, "ack"],
    ["an unknown status", { message: { ack: { status: "MAYBE" } } }, "enum"],
    ["a numeric error code", { message: { ack: { status: "NACK" } }, error: { code: 30000 } }, "type"],
  ] as const)("refuses %s", ([, body, expected]) => {
    const errors = runAckLayer(body);
    expect(errors.map((e) => (e.keyword === "required" ? String(e.params["missingProperty"]) : e.keyword))).toContain(expected);
  });
});
