import {
  buildBilling,
  buildConfirm,
  buildContext,
  buildInit,
  buildMeter,
  buildOtherMeter,
  buildSearch,
  buildSelect,
  buildStatus,
  buildTimeWindow,
  buildUpdate,
  createFaker,
  type OrderTerms,
  type Shape,
} from "../../../fixtures/builders/index.js";
import { GUIDE_OFFER, type PickedOffer } from "../../../mocks/bap/index.js";

/** The messages the harness asks the BAP to send: the guide's flow, built for the offer its BPP made. */
export interface FlowMessages {
  search(): unknown;
  select(offer: PickedOffer): unknown;
  init(offer: PickedOffer): unknown;
  confirm(offer: PickedOffer): unknown;
  status(orderId: string): unknown;
  update(orderId: string): unknown;
}

export function flowMessages(seed: number, shape: Shape): FlowMessages {
  const faker = createFaker(seed);
  const endMeter = buildMeter(faker, "ssf");
  const newEndMeter = buildOtherMeter(faker, endMeter);
  const billing = buildBilling(faker);
  const context = buildContext({ action: "search" });
  const window = buildTimeWindow(faker, () => new Date());
  const terms = (offer: PickedOffer): OrderTerms => ({
    providerId: offer.providerId,
    itemId: offer.itemId,
    endMeter,
    shape,
    quantityKwh: String(Math.max(1, Math.min(GUIDE_OFFER.quantityKwh, offer.availableKwh ?? GUIDE_OFFER.quantityKwh))),
  });
  return {
    search: () => buildSearch({ context, itemName: GUIDE_OFFER.itemName, endMeter, window }).message,
    select: (offer) => buildSelect({ context, ...terms(offer) }).message,
    init: (offer) => buildInit({ context, ...terms(offer), billing }).message,
    confirm: (offer) => buildConfirm({ context, ...terms(offer), billing }).message,
    status: (orderId) => buildStatus({ context, orderId }).message,
    update: (orderId) => buildUpdate({ context, orderId, endMeter: newEndMeter, shape }).message,
  };
}
