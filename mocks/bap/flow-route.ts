import type { BapEngine } from "./engine.js";
import { FlowError, type GuideFlowOptions } from "./flow.js";
import { asObject } from "../../protocol/shapes.js";
import { TRIGGER_ERROR, triggerError, type TriggerAnswer } from "./trigger-answer.js";

function flowOptions(input: unknown): GuideFlowOptions | TriggerAnswer {
  const root = input === undefined ? {} : asObject(input);
  if (!root) {
    return triggerError(400, TRIGGER_ERROR.badInput, `The flow's body must be a JSON object { "quantityKwh"?: number, "bppId"?: string }, or empty.`);
  }
  const { quantityKwh, bppId } = root;
  if (quantityKwh !== undefined && !(typeof quantityKwh === "number" && Number.isInteger(quantityKwh) && quantityKwh > 0)) {
    return triggerError(400, TRIGGER_ERROR.badInput, `"quantityKwh" must be a whole number of kWh above 0; got ${JSON.stringify(quantityKwh)}.`);
  }
  if (bppId !== undefined && (typeof bppId !== "string" || bppId === "")) {
    return triggerError(400, TRIGGER_ERROR.badInput, `"bppId" must be a non-empty string; got ${JSON.stringify(bppId)}.`);
  }
  return { ...(quantityKwh === undefined ? {} : { quantityKwh }), ...(bppId === undefined ? {} : { bppId }) };
}

/**
 * `POST /trigger/flow`: the guide's whole flow in one call. 200 with the transaction, the order and
 * every exchange; 502 with the step that failed (and what was exchanged up to then).
 */
export async function triggerFlow(engine: BapEngine, input: unknown): Promise<TriggerAnswer> {
  const options = flowOptions(input);
  if ("status" in options) {
    return options;
  }
  try {
    const result = await engine.runGuideFlow(options);
    return {
      status: 200,
      body: {
        transaction_id: result.transactionId,
        order_id: result.orderId,
        bpp_id: result.bppId,
        bpp_uri: result.bppUri,
        end_meter: result.endMeter,
        new_end_meter: result.newEndMeter,
        steps: result.steps,
        exchanges: result.exchanges,
      },
    };
  } catch (error) {
    if (error instanceof FlowError) {
      const exchanges = error.transactionId === undefined ? undefined : engine.exchanges(error.transactionId);
      return {
        status: 502,
        body: { error: { code: TRIGGER_ERROR.flowFailed, message: error.message, step: error.step }, transaction_id: error.transactionId ?? null, exchanges },
      };
    }
    return triggerError(500, TRIGGER_ERROR.internal, `The flow broke inside the BAP: ${(error as Error).message}`);
  }
}
