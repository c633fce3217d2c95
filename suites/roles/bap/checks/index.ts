/**
 * The BAP check catalogue: one list in id order, grouped by id prefix. docs/checks.md is generated
 * from it; the catalogue (suites/roles/catalogue.ts) throws on a duplicate id.
 */
import type { Check } from "../../../core/check.js";
import { BIZ_101, BIZ_102, BIZ_103 } from "./business.js";
import { ACK_101, ACK_102, AUT_101, AUT_102, AUT_103, TIM_101 } from "./callbacks.js";
import { CTX_101, CTX_102, CTX_103, CTX_104, CTX_105, CTX_106, CTX_107, CTX_108, CTX_109 } from "./context.js";
import { FLW_101 } from "./flow.js";
import { NEG_101, NEG_102, NEG_103, NEG_104, NEG_105, NEG_106 } from "./negative.js";
import { ACK_103, ACK_104, AUT_104, AUT_105, NEG_107, NEG_108 } from "./receiving.js";
import { SCH_101, SIG_101, SIG_102 } from "./requests.js";

export const BAP_CHECKS: readonly Check[] = [
  // ACK: how the BAP answers valid callbacks, in any bytes, declared as JSON
  ACK_101,
  ACK_102,
  ACK_103,
  ACK_104,
  // AUT: how it answers callbacks whose signature fails
  AUT_101,
  AUT_102,
  AUT_103,
  AUT_104,
  AUT_105,
  // BIZ: what the guide requires of an order
  BIZ_101,
  BIZ_102,
  BIZ_103,
  // CTX: the context of its requests
  CTX_101,
  CTX_102,
  CTX_103,
  CTX_104,
  CTX_105,
  CTX_106,
  CTX_107,
  CTX_108,
  CTX_109,
  // FLW: the trigger contract
  FLW_101,
  // NEG: broken, unknown, late, repeated and stale callbacks
  NEG_101,
  NEG_102,
  NEG_103,
  NEG_104,
  NEG_105,
  NEG_106,
  NEG_107,
  NEG_108,
  // SCH, SIG: what it sends
  SCH_101,
  SIG_101,
  SIG_102,
  // TIM: how soon it answers
  TIM_101,
];
