/**
 * GW-010, GW-011, GW-013: what reaches whom besides the multicast. An on_search the gateway accepts
 * reaches the BAP it answers (BECKN-003: BPP → BG on_search → BAP); a forged message reaches nobody.
 * A gateway that does not relay on_search (read.ts, declinesOnSearch) is not judged on relaying.
 */
import { defineCheck } from "../../../core/define-check.js";
import type { Exchange, CheckFinding } from "../../../core/check.js";
import { isForgery, isOtherBytes, isValidFlow, recipientOf } from "./read.js";
import { finding } from "../../../core/finding.js";

function leaked(exchange: Exchange, what: string): CheckFinding[] {
  return exchange.callbacks.map((callback, i) =>
    finding(
      `The gateway passed on a ${exchange.action} whose signature fails (${exchange.probe?.name ?? "forged"}); it reached ${what}. Refuse it with a 401 NACK and forward nothing (BECKN-006 step 5).`,
      {
        path: `callbacks[${i}]`,
        expected: `nothing forwarded within the ${exchange.quietWindowMs ?? 0} ms quiet window`,
        actual: { recipient: recipientOf(callback), atMs: callback.atMs },
      },
    ),
  );
}

export const GW_010 = defineCheck({
  id: "GW-010",
  title: "A search with a bad signature is forwarded to no BPP",
  severity: "MUST",
  ref: "BECKN-006 step 5",
  fix: "Verify the search's signature first and multicast only what verifies: forward nothing that fails.",
  appliesTo: (exchange) => isForgery(exchange, "search"),
  run: (exchange) => leaked(exchange, "a BPP"),
});

export const GW_011 = defineCheck({
  id: "GW-011",
  title: "An on_search the gateway accepts reaches the BAP it answers",
  severity: "MUST",
  ref: 'BECKN-003 search multicast (BPP → BG on_search → BAP); core 1.1.0 Ack (an ACK commits the receiver); docs/rules.md "The BAP, the gateway and the registry suites: what they accept" (A gateway need not relay on_search)',
  fix: "Relay an on_search you ACK to the registered subscriber_url of its bap_id; if you do not relay on_search, NACK it with 40001 instead.",
  appliesTo: (exchange) => exchange.action === "on_search" && isValidFlow(exchange) && !isOtherBytes(exchange),
  run: (exchange, ctx) => {
    const relayed = exchange.callbacks.some((c) => c.action === "on_search" && recipientOf(c) === ctx.harness.bapId);
    return relayed
      ? []
      : [
          finding(
            "The on_search never reached the BAP before the ttl ran out; look the BAP up by context.bap_id (or use context.bap_uri) and POST the on_search to <its URL>/on_search (BECKN-003).",
            {
              path: "callbacks",
              expected: { recipient: ctx.harness.bapId, url: `${ctx.harness.bapUri}/on_search` },
              actual: exchange.callbacks.length === 0 ? "nothing arrived" : exchange.callbacks.map((c) => ({ recipient: recipientOf(c), action: c.action })),
            },
          ),
        ];
  },
});

export const GW_013 = defineCheck({
  id: "GW-013",
  title: "An on_search with a bad signature is relayed nowhere",
  severity: "MUST",
  ref: "BECKN-006 step 5",
  fix: "Verify an on_search's signature first and relay only what verifies: relay nothing that fails.",
  appliesTo: (exchange) => isForgery(exchange, "on_search"),
  run: (exchange) => leaked(exchange, "the BAP"),
});
