#!/usr/bin/env node
// `npm start`: build only when a source is newer than the last build (dist/.build-stamp, written by
// scripts/build.mjs), then run the CLI in this same process. Rebuilding on every start cost ~3.5 s; the
// freshness check costs a few milliseconds.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
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

/** When the last successful build began; 0 when there was none (or dist has no entry point). */
function builtAt() {
  try {
    statSync(entry);
    return Date.parse(readFileSync(join(root, "dist", ".build-stamp"), "utf8").trim()) || 0;
  } catch {
    return 0;
  }
}

const sources = Math.max(newest(join(root, "src")), ...["tsconfig.json", "scripts/build.mjs", "scripts/bundle.mjs", "scripts/jsx-without-async-context.mjs"].map((f) => statSync(join(root, f)).mtimeMs));
if (sources >= builtAt()) {
  console.error("sod-emulator: sources changed since the last build; building (tsc + bundle)...");
  const build = spawnSync(process.execPath, [join(root, "scripts", "build.mjs")], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// `npm start -- --port 0` passes its options through; the command is start unless one is named.
const args = process.argv.slice(2);
process.argv = [process.argv[0], entry, ...(args[0] && !args[0].startsWith("-") ? args : ["start", ...args])];
await import(pathToFileURL(entry).href);
