#!/usr/bin/env node
// `npm start`: build only when the TypeScript sources are newer than dist, then run the CLI in this same
// process. Rebuilding on every start cost ~3.5 s; a freshness check costs a few milliseconds.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "dist", "cli", "main.js");

/** Newest modification time under dir (files only). */
function newest(dir) {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

function builtAt() {
  try {
    return statSync(entry).mtimeMs;
  } catch {
    return 0; // never built
  }
}

// tsc rewrites every output file, so the entry's time is the last build's time.
const sources = Math.max(newest(join(root, "src")), statSync(join(root, "tsconfig.json")).mtimeMs);
if (sources > builtAt()) {
  console.error("sod-emulator: sources changed since the last build; compiling (tsc)...");
  const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.json")], { stdio: "inherit" });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}

// `npm start -- --port 0` passes its options through; the command is start unless one is named.
const args = process.argv.slice(2);
process.argv = [process.argv[0], entry, ...(args[0] && !args[0].startsWith("-") ? args : ["start", ...args])];
await import(pathToFileURL(entry).href);
