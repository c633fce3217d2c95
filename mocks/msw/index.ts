/**
 * The mock network as msw handlers, for a team's own unit tests.
 *
 * @example
 * import { setupServer } from "msw/node";
 * import { createMswNetwork } from "p2p-energy-conformance/msw";
 * const network = createMswNetwork();
 * const server = setupServer(...network.handlers);
 * server.listen({ onUnhandledRequest: "error" });
 * // POST a signed search to network.urls.gateway + "/search", or drive the BAP:
 * await fetch(`${network.urls.bap}/trigger/flow`, { method: "POST" });
 */
export { createMswNetwork, MSW_URLS } from "./network.js";
export { injectHandler } from "./inject-handler.js";
export type { MswNetwork, MswNetworkOptions } from "./network.js";
