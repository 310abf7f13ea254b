#!/usr/bin/env node
// Second step of `npm run build` (after tsc): replaces the two entry points users run, the CLI bin
// (dist/cli/main.js) and the library (dist/index.js), with esbuild bundles read from src/. tsc's output was
// some 260 modules on the way to ready, and node resolves, reads and compiles each one separately; the start
// profile showed that module loading, not the emulator's own work, was most of the start-up time (#19).
// Code splitting keeps the lazily imported parts (admin API, portal, workshop, seed generation, the other CLI
// commands) in chunks of their own under dist/chunks, loaded on first use as before; code shared by the two
// entries is in chunks too, so it exists once; the start path's share of it is one chunk (start-path-chunk.mjs).
// Left to node, by name: the big packages only lazy paths load: faker (seed generation), node-forge
// (certificates) and zod (seed and config files; load-config.ts requires it by name). Bundled: hono,
// @hono/node-server and jose, small ESM packages of many files on the request path, and better-sqlite3's
// JavaScript (12 small CommonJS files; its compiled addon stays where npm put it, and the bundled copy is used
// only with an installed package of the same version: src/store/database.ts). esbuild leaves the CommonJS
// code's require() of node's modules as calls of a `require` it expects in scope, which an ES module lacks,
// so every output file starts by making one (createRequire).
// hono/jsx is bundled without its AsyncLocalStorage (jsx-without-async-context.mjs says why).
// tsc still type-checks and writes the .d.ts files and the rest of dist (nothing runs that JS).
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { jsxWithoutAsyncContext } from "./jsx-without-async-context.mjs";
import { startPathChunk, startPathPlan } from "./start-path-chunk.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The better-sqlite3 version whose JavaScript is bundled, for the check in src/store/database.ts. */
const BETTER_SQLITE3_VERSION = JSON.parse(readFileSync(join(root, "node_modules", "better-sqlite3", "package.json"), "utf8")).version;
const dist = join(root, "dist");

export const EXTERNAL = ["@faker-js/faker", "node-forge", "zod"];


/** Bundles src/cli/main.ts and src/index.ts into dist (same paths as tsc's output), chunks in dist/chunks. */
export async function bundle() {
  rmSync(join(dist, "chunks"), { recursive: true, force: true });
  const options = {
    absWorkingDir: root,
    entryPoints: { "cli/main": "src/cli/main.ts", index: "src/index.ts" },
    outdir: dist,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    tsconfig: join(root, "tsconfig.json"),
    external: EXTERNAL,
    define: { SOD_BUNDLED_BETTER_SQLITE3: JSON.stringify(BETTER_SQLITE3_VERSION) },
    banner: { js: 'import { createRequire as __sodCreateRequire } from "node:module"; const require = __sodCreateRequire(import.meta.url);' },
    plugins: [jsxWithoutAsyncContext],
    // Readable stack traces: `node --enable-source-maps` maps bundle lines back to src/*.ts.
    sourcemap: "linked",
    sourcesContent: false,
    logLevel: "warning",
  };
  // The start path's code in one chunk rather than one per set of lazy entries (start-path-chunk.mjs says why).
  const plan = await startPathPlan(options);
  return build({ ...options, plugins: [...options.plugins, startPathChunk(root, plan)] });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundle();
