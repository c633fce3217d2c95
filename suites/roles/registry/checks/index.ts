import type { Check } from "../../../engine/types.js";

/** The registry check catalogue, in id order. */
export const REGISTRY_CHECKS: readonly Check[] = [];
