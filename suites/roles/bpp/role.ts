import type { RoleDescription } from "../../core/role-suite.js";
import { BPP_CHECKS } from "./checks/index.js";

export const BPP_ROLE: RoleDescription = {
  title: "BPP (the prosumer's node): the harness plays the BAP, the gateway and the registry",
  checks: BPP_CHECKS,
  setup: { gatewayPort: "free", callsBack: true, sharesRegistry: true, requestShapes: true },
};
