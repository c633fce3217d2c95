/** The whole mock network in one call. */
export { startNetwork, DEFAULT_MOCK_PORTS, DEFAULT_SUBSCRIBER_IDS } from "./start-network.js";
export type { NetworkOptions, RunningNetwork, NetworkMember, MockName } from "./start-network.js";
