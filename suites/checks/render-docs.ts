import { renderCatalogue } from "./catalogue-doc.js";
import { BPP_CHECKS, RUN_CHECKS } from "./index.js";

process.stdout.write(renderCatalogue(BPP_CHECKS, RUN_CHECKS));
