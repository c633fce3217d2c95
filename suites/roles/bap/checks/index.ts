import type { Check } from "../../../core/check.js";
import { BUSINESS_CHECKS } from "./business.js";
import { CALLBACK_CHECKS } from "./callbacks.js";
import { CONTEXT_CHECKS } from "./context.js";
import { FLOW_CHECKS } from "./flow.js";
import { NEGATIVE_CHECKS } from "./negative.js";
import { RECEIVING_CHECKS } from "./receiving.js";
import { REQUEST_CHECKS } from "./requests.js";

const byId = (a: Check, b: Check): number => a.id.localeCompare(b.id);

/** The bap check catalogue, in id order. */
export const BAP_CHECKS: readonly Check[] = [
  // SCH, SIG: what the BAP sends
  // CTX: its context
  // BIZ: what the guide requires of an order
  // ACK, AUT, TIM: how it answers callbacks
  // NEG: broken, unknown, late and repeated callbacks
  // FLW: the trigger contract
  // NEG-107/108, AUT-104/105, ACK-103/104: how it receives signed callbacks
  ...REQUEST_CHECKS, ...CONTEXT_CHECKS, ...BUSINESS_CHECKS, ...CALLBACK_CHECKS, ...NEGATIVE_CHECKS, ...FLOW_CHECKS, ...RECEIVING_CHECKS,
].sort(byId);
