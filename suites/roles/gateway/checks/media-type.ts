/**
 * GW-019: what the gateway sends as JSON, it declares as JSON: its ACKs and NACKs, and every search
 * and on_search it forwards (core 1.1.0 gives every request and answer as `application/json`).
 */
import { ackStatusOf } from "../../../../protocol/ack.js";
import { DECLARED_JSON_REF, undeclaredJsonFindings, type DeclaredJson } from "../../../core/declared-json.js";
import { headerOf } from "../../../core/read.js";
import { defineCheck } from "../../../core/define-check.js";
import type { Exchange } from "../../../core/check.js";
import { at, recipientOf } from "./read.js";

/** The gateway's answer when its body is an ACK or a NACK, and each JSON body it forwarded, with how each was declared. */
function declaredJson(exchange: Exchange): DeclaredJson[] {
  const { response } = exchange;
  const status = response.kind === "response" ? ackStatusOf(response.body) : undefined;
  const answer =
    response.kind === "response" && status !== undefined
      ? [
          {
            path: "response.headers.content-type",
            what: `Its ${status} to the ${exchange.step} (${exchange.scenario})`,
            contentType: headerOf(response.headers, "content-type"),
          },
        ]
      : [];
  const forwards = exchange.callbacks.flatMap((callback, i) =>
    callback.body === undefined
      ? []
      : [
          {
            path: at(i, ".headers.content-type"),
            what: `The ${callback.action} it forwarded to ${recipientOf(callback)}`,
            contentType: headerOf(callback.headers, "content-type"),
          },
        ],
  );
  return [...answer, ...forwards];
}

export const GW_019 = defineCheck({
  id: "GW-019",
  title: "The gateway's ACKs and NACKs, and the searches and on_searches it forwards, declare Content-Type application/json",
  severity: "SHOULD",
  ref: DECLARED_JSON_REF,
  fix: "Set `Content-Type: application/json` on your ACKs and NACKs and on every search and on_search you forward.",
  appliesTo: (exchange) => declaredJson(exchange).length > 0,
  run: (exchange) => undeclaredJsonFindings(declaredJson(exchange)),
});
