import { renderVariantsDoc } from "./doc.js";

process.stdout.write(renderVariantsDoc());
