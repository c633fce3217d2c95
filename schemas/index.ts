// Validator
export { validate } from "./validate.js";
export { PROFILES, NAMED_RULES } from "./profiles.js";
export { PROFILE_NAMES, DEFAULT_PROFILE } from "./model/types.js";
export { levelIn } from "./rules/rule.js";
export { runAckLayer } from "./compile.js";
// Actions
export { BECKN_ACTIONS, REQUEST_ACTIONS, CALLBACK_ACTIONS, GUIDE_FLOW_ACTIONS, isBecknAction, isCallbackAction, callbackOf } from "./model/actions.js";
// Energy taxonomy
export { ENERGY_UNIT, SOURCE_TYPES, CERTIFICATIONS, isEnergyUnit } from "./rules/energy.js";

export type { ProfileName, SchemaFinding, ValidationResult, FindingSeverity, ValidateOptions } from "./model/types.js";
export type { Profile } from "./profiles.js";
export type { NamedRule, RuleLevel, RuleHit } from "./rules/rule.js";
export type { BecknAction, RequestAction, CallbackAction } from "./model/actions.js";
