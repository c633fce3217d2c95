import { buildOnSearch } from "../../fixtures/builders/index.js";
import { filterCatalogue } from "./catalogue-filter.js";
import { errorOutcome } from "./order-view.js";
import type { Step } from "./step-types.js";

/** search: the whole catalogue (the guide's offer and the generated prosumers), or under bpp.filtered-catalogue what matches the intent. */
export const search: Step = (request, env) => ({
  body: buildOnSearch({
    context: env.reply(),
    providers: env.variants.has("bpp.filtered-catalogue")
      ? filterCatalogue(env.catalogue.providers, request.context, request.message)
      : env.catalogue.providers,
  }),
});

/** track, rating and support: an error callback, BECKN-005 40001 (not implemented). */
export const notImplemented: Step = (request, env) => errorOutcome(env, { code: "40001", message: `This BPP does not implement ${request.action}.` });
