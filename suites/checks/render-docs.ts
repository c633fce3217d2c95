import { CATALOGUE } from "../roles/catalogue.js";
import { renderCatalogue } from "./catalogue-doc.js";
import { RUN_CHECKS } from "./index.js";

process.stdout.write(renderCatalogue(CATALOGUE, RUN_CHECKS));
