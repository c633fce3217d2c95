import { CATALOGUE } from "./catalogue.js";
import { renderCatalogue } from "../core/catalogue-doc.js";
import { RUN_CHECKS } from "../core/run-checks.js";

process.stdout.write(renderCatalogue(CATALOGUE, RUN_CHECKS));
