import { buildOnSearch } from "../../fixtures/builders/index.js";
import { errorOutcome } from "./order-view.js";
import type { Step } from "./step-types.js";

/** search: always the whole catalogue (the guide's offer and the generated prosumers). */
export const search: Step = (_request, env) => ({
  body: buildOnSearch({ context: env.reply(), providers: env.catalogue.providers }),
});

/** track, rating and support: an error callback, BECKN-005 40001 (not implemented). */
export const notImplemented: Step = (request, env) =>
  errorOutcome(env, { code: "40001", message: `This BPP does not implement ${request.action}.` });
