import type { Check } from "../../../core/check.js";
import { ANSWER_CHECKS } from "./answers.js";
import { DELIVERY_CHECKS } from "./delivery.js";
import { FORWARD_CHECKS } from "./forwards.js";
import { MEDIA_TYPE_CHECKS } from "./media-type.js";
import { MULTICAST_CHECKS } from "./multicast.js";
import { RECEIVING_CHECKS } from "./receiving.js";

/** The gateway check catalogue, in id order. */
export const GATEWAY_CHECKS: readonly Check[] = [...MULTICAST_CHECKS, ...FORWARD_CHECKS, ...ANSWER_CHECKS, ...DELIVERY_CHECKS, ...RECEIVING_CHECKS, ...MEDIA_TYPE_CHECKS].sort((a, b) => a.id.localeCompare(b.id));
