/** The reference BPP: the prosumer's node of the P2P energy guide, with named faults. */
export { buildBpp } from "./app.js";
export { startBpp } from "./server.js";
export { createBppEngine, DEFAULT_CALLBACK_TTL } from "./engine.js";
export { FAULTS, FAULT_IDS } from "./faults.js";
export { parseFaults } from "./fault-set.js";
export { buildCatalogue } from "./catalogue.js";
export { GUIDE_PROVIDER_ID, GUIDE_ITEM_ID, GUIDE_SOURCE_METER, GUIDE_GRID_OPERATOR, guideProvider, guideWindow } from "./guide-offer.js";
export type { BuiltBpp } from "./app.js";
export type { StartBppOptions, RunningBpp } from "./server.js";
export type { BppEngine } from "./engine.js";
export type { FaultId } from "./faults.js";
export type { FaultSpec } from "../common/behaviour.js";
export type { FaultSet } from "./fault-set.js";
export type { Catalogue, CatalogueOffer, CatalogueOptions, CatalogueItem, CatalogueProvider } from "./catalogue.js";
export type { Deal, DealStep, OrderLifecycle } from "./deals.js";
export type { BppOptions, BppAnswer, EngineResult, PlannedCallback, ShapeOption } from "./types.js";
