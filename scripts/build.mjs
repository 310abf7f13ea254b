#!/usr/bin/env node
// `npm run build`: compile the TypeScript (tsc, incremental: type checks, .d.ts), bundle the CLI and library
// entry points (scripts/bundle.mjs, esbuild), then stamp dist with the time the build began. `npm start`
// compares that stamp with the sources instead of rebuilding on every start; tsc itself leaves unchanged
// outputs untouched, so their times cannot tell whether a build is current.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle } from "./bundle.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const began = new Date().toISOString();
const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.json")], { stdio: "inherit" });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
mkdirSync(join(root, "dist"), { recursive: true });
await bundle();
writeFileSync(join(root, "dist", ".build-stamp"), `${began}\n`);
