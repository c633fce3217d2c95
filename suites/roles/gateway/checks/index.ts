/**
 * The gateway check catalogue, in id order. docs/checks.md is generated from it; the catalogue
 * (suites/roles/catalogue.ts) throws on a duplicate id.
 */
import type { Check } from "../../../core/check.js";
import { GW_008, GW_009, GW_012, GW_014, GW_015 } from "./answers.js";
import { GW_010, GW_011, GW_013 } from "./delivery.js";
import { GW_004, GW_005, GW_006, GW_007 } from "./forwards.js";
import { GW_019 } from "./media-type.js";
import { GW_001, GW_002, GW_003, GW_016 } from "./multicast.js";
import { GW_017, GW_018 } from "./receiving.js";

export const GATEWAY_CHECKS: readonly Check[] = [
  // GW: multicast (001–003, 016), forwards (004–007), answers (008, 009, 012, 014, 015), delivery (010, 011, 013),
  // receiving (017, 018), media type (019)
  GW_001,
  GW_002,
  GW_003,
  GW_004,
  GW_005,
  GW_006,
  GW_007,
  GW_008,
  GW_009,
  GW_010,
  GW_011,
  GW_012,
  GW_013,
  GW_014,
  GW_015,
  GW_016,
  GW_017,
  GW_018,
  GW_019,
];
