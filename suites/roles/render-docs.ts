import { CATALOGUE, ROLE_TITLES } from "./catalogue.js";
import { renderCatalogue } from "../core/catalogue-doc.js";
import { RUN_CHECKS } from "../core/run-checks.js";

process.stdout.write(renderCatalogue(CATALOGUE, ROLE_TITLES, RUN_CHECKS));
