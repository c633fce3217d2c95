import type { RequestAction } from "../../schemas/index.js";
import { cancel, status, update } from "./step-after.js";
import { notImplemented, search } from "./step-misc.js";
import { confirm, init, select } from "./step-order.js";
import type { Step } from "./step-types.js";

/** The business step of each request action. */
export const STEPS: Readonly<Record<RequestAction, Step>> = {
  search,
  select,
  init,
  confirm,
  status,
  update,
  cancel,
  track: notImplemented,
  rating: notImplemented,
  support: notImplemented,
};
