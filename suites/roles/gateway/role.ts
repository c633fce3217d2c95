import type { RoleDescription } from "../../core/role-suite.js";
import { GATEWAY_CHECKS } from "./checks/index.js";

export const GATEWAY_ROLE: RoleDescription = {
  title: "Gateway: the harness plays the registry, several BPPs and a BAP",
  checks: GATEWAY_CHECKS,
  setup: {},
};
