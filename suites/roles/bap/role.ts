import type { RoleDescription } from "../../core/role-suite.js";
import { BAP_CHECKS } from "./checks/index.js";

export const BAP_ROLE: RoleDescription = {
  title: "BAP (the buyer's app): the harness plays the gateway, the BPPs and the registry",
  checks: BAP_CHECKS,
  // The BAP is configured with the harness's gateway before the run, at its documented default port.
  setup: { gatewayPort: 7301 },
};
