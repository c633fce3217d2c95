/** The mock Beckn gateway (BG): search multicast and on_search relay, with named faults. */
export { buildGateway } from "./app.js";
export { startGateway } from "./server.js";
export { ForwardLog, DEFAULT_MAX_FORWARDS } from "./forward-log.js";
export { GATEWAY_FAULTS, gatewayFaults } from "./faults.js";
export { matchingBpps, searchTargetOf, subscriberUrl } from "./matching.js";

export type { Gateway, GatewayOptions } from "./app.js";
export type { GatewayServerOptions, RunningGateway } from "./server.js";
export type { Fanout, FanoutMatch, ForwardRecord } from "./forward-log.js";
export type { GatewayFaultId } from "./faults.js";
export type { SearchTarget } from "./matching.js";
