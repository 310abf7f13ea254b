import { writeFileSync } from "node:fs";
import { generate, OUTPUT } from "./carrier-shapes.js";

writeFileSync(OUTPUT, generate());
console.log(`wrote ${OUTPUT}`);
