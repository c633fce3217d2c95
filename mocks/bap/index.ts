/** The reference BAP (buyer app): callback receiver, trigger API, exchanges, guide-flow replay, faults. */
export { buildBap } from "./app.js";
export { startBap } from "./server.js";
export { createBapEngine } from "./engine.js";
export { ExchangeStore, DEFAULT_MAX_EXCHANGES } from "./store.js";
export { FlowError } from "./flow.js";
export { triggerFlow } from "./flow-route.js";
export { GUIDE_OFFER, pickOffer } from "./flow-offer.js";
export { TRIGGER_ERROR } from "./trigger-answer.js";
export { BAP_FAULTS, bapFaults } from "./faults.js";
export { DeadlineError } from "../common/wait-for-event.js";

export type { Bap } from "./app.js";
export type { BapServerOptions, RunningBap } from "./server.js";
export type { BapEngine } from "./engine.js";
export type { BapOptions } from "./state.js";
export type { BapEvents, CallbackMatch } from "./store.js";
export type { BapRecord, CallbackRecord, ExchangesView, RequestRecord, Verification } from "./records.js";
export type { FlowStep, GuideFlowOptions } from "./flow.js";
export type { GuideFlowResult } from "./guide-flow.js";
export type { PickedOffer } from "./flow-offer.js";
export type { TriggerAnswer, TriggerErrorCode, TriggerSuccess } from "./trigger-answer.js";
export type { BapFaultId } from "./faults.js";
export type { FaultSpec } from "../common/behaviour.js";
