import type { Check } from "../../../engine/types.js";

/** The gateway check catalogue, in id order. */
export const GATEWAY_CHECKS: readonly Check[] = [];
