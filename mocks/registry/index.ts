/** The mock Beckn registry (docs/registry.md). */
export { buildRegistry, startRegistry, DEFAULT_REGISTRY_ID, REGISTRY_BODY_LIMIT } from "./server.js";
export type { RegistryOptions, StartRegistryOptions, BuiltRegistry, RunningRegistry } from "./server.js";
export { createRegistryStore } from "./store.js";
export { enrol, type Place } from "./enrol.js";
export type { Registry, RegistryStore } from "./store.js";
export { loadRegistryConfig, parseRegistryConfig, RegistryConfigError } from "./config.js";
export { parseLookupFilter, matchesLookup, toSubscriberEntry, isCurrent } from "./lookup.js";
export type { LookupCriteria, ParseLookupResult } from "./lookup.js";
export { DEFAULT_ON_SUBSCRIBE_TIMEOUT_MS, FAILED_CHALLENGE_STATUS } from "./on-subscribe.js";
export { PARTICIPANT_TYPES, PARTICIPANT_STATUSES } from "./types.js";
export type { ParticipantEntry, ParticipantStatus, ParticipantType, PreloadInput, RegistryInfo, FieldError } from "./types.js";
export { REGISTRY_FAULTS, REGISTRY_FAULT_IDS, registryFaults } from "./faults.js";
export type { RegistryFaultId, RegistryFaults } from "./faults.js";
export { REFERENCE_REGISTRY_ENCRYPTION, referenceRegistryIdentity } from "./reference-identity.js";
