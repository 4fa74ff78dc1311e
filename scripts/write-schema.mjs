// Regenerates schema/ubench-ir.schema.json from the zod schema (run after `npm run build`).
import { writeFileSync } from "node:fs";
import { irJsonSchema } from "../dist/compiler/ir.js";

writeFileSync(new URL("../schema/ubench-ir.schema.json", import.meta.url), JSON.stringify(irJsonSchema(), null, 2) + "\n");
console.log("wrote schema/ubench-ir.schema.json");
