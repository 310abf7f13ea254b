import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { generate, OUTPUT } from "./swagger-coverage.js";

mkdirSync(dirname(OUTPUT), { recursive: true });
writeFileSync(OUTPUT, generate());
console.log(`wrote ${OUTPUT}`);
