import { CATALOGUE } from "./catalogue.js";
import { renderCatalogue } from "./catalogue-doc.js";
import { RUN_CHECKS } from "../roles/bpp/checks/index.js";

process.stdout.write(renderCatalogue(CATALOGUE, RUN_CHECKS));
