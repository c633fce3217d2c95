import type { Check } from "../../../engine/types.js";

/** The bap check catalogue, in id order. */
export const BAP_CHECKS: readonly Check[] = [];
