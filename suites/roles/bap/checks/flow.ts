/** FLW: the trigger contract: the BAP sends what it is triggered for. */
import { defineCheck } from "../../../core/define-check.js";
import { asBapExchange } from "./recorded.js";
import { answerText } from "./read.js";
import { finding } from "../../../core/finding.js";

export const FLW_101 = defineCheck({
  id: "FLW-101",
  title: "The BAP sends each request it is triggered for",
  severity: "MUST",
  ref: 'docs/bap-trigger-contract.md "`POST /trigger/<action>`"',
  fix: "Implement POST /trigger/<action> (docs/bap-trigger-contract.md): complete the context, sign, send the request, and answer 2xx with what you sent and got.",
  appliesTo: (e) => asBapExchange(e)?.kind === "trigger",
  run: (e) => {
    const ok = e.response.kind === "response" && e.response.status >= 200 && e.response.status < 300;
    if (!ok) {
      return [
        finding(
          `POST /trigger/${e.action} must answer 2xx with { context, ack, status } once the ${e.action} is sent; it answered ${answerText(e.response)}.`,
          { expected: "HTTP 200", actual: answerText(e.response) },
        ),
      ];
    }
    return asBapExchange(e)?.link?.arrivedMessageId !== undefined
      ? []
      : [
          finding(
            `The trigger answered 2xx, but no ${e.action} with the message_id it names arrived at the harness; send the request to the gateway (search) or to context.bpp_uri.`,
            { expected: `a ${e.action} at the harness`, actual: null },
          ),
        ];
  },
});
