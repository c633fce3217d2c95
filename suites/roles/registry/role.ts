import type { RoleDescription } from "../../core/role-suite.js";
import { REGISTRY_CHECKS } from "./checks/index.js";

export const REGISTRY_ROLE: RoleDescription = {
  title: "Registry: the harness plays the subscribers and the lookup clients",
  checks: REGISTRY_CHECKS,
  setup: {},
};
