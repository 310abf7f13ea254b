import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { EXTERNAL } from "../../scripts/bundle.mjs";

/**
 * The bundle `npm run build` writes (scripts/bundle.mjs): what `sod-emulator start` and `import "sod-emulator"`
 * load before they serve. Faker, zod and node-forge are big and only lazy paths need them (seed generation,
 * config files, certificates); a static import of one of them reaching the start path would put them back
 * on every start (issue #19). dist is built by `npm test` / `npm run build`.
 */
const DIST = resolve(import.meta.dirname, "..", "..", "dist");

/** Specifiers of a module's static imports and re-exports (esbuild's output: one statement each). */
function staticImports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(/^(?:import|export)\s(?:[^;"]*?\sfrom\s*)?"([^"]+)";/gm)].map((m) => m[1]!);
}

/** Every file and package a module loads before its own code runs, following relative imports. */
function startPath(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith(".")) visit(join(dirname(file), spec));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

const built = existsSync(join(DIST, "chunks"));

describe.skipIf(!built)("the bundle's start path", () => {
  // better-sqlite3's JavaScript is in the bundle (its addon is loaded by path: src/store/database.ts), so no package is an ES import of the start path.
  it("sod-emulator start: the CLI and its start command import only node's modules", () => {
    const main = join(DIST, "cli", "main.js");
    const start = /import\("(\.\.\/chunks\/start-[^"]+)"\)/.exec(readFileSync(main, "utf8"))?.[1];
    expect(start, "dist/cli/main.js imports its start command lazily").toBeDefined();
    const cli = startPath(main);
    const command = startPath(join(dirname(main), start!));
    const packages = [...cli.packages, ...command.packages].filter((p) => !p.startsWith("node:"));
    expect(packages).toEqual([]);
    expect(cli.files.size + command.files.size).toBeLessThan(80);
  });

  // scripts/start-path-chunk.mjs: without it esbuild split the start path by which lazy modules share each
  // part, 43 files for import "sod-emulator" (30 of them under 3.5 KB), each resolved, compiled and linked alone.
  it("keeps each start path in a few chunks, not one per set of lazy modules that share a part of it", () => {
    const main = join(DIST, "cli", "main.js");
    const start = /import\("(\.\.\/chunks\/start-[^"]+)"\)/.exec(readFileSync(main, "utf8"))![1]!;
    expect(startPath(join(DIST, "index.js")).files.size).toBeLessThanOrEqual(20);
    expect(new Set([...startPath(main).files, ...startPath(join(dirname(main), start)).files]).size).toBeLessThanOrEqual(22);
  });

  it("import 'sod-emulator' (dist/index.js) loads none of the lazily used packages either", () => {
    const packages = [...startPath(join(DIST, "index.js")).packages].filter((p) => !p.startsWith("node:"));
    expect(packages).toEqual([]);
  });

  it("leaves the tenant API (some 350 KB) out of both start paths: it is imported on its first request", () => {
    const main = join(DIST, "cli", "main.js");
    const start = /import\("(\.\.\/chunks\/start-[^"]+)"\)/.exec(readFileSync(main, "utf8"))![1]!;
    const files = [...startPath(join(DIST, "index.js")).files, ...startPath(join(dirname(main), start)).files];
    // The app assembly is on the start path (the check would pass vacuously if the file names changed).
    expect(files.some((file) => readFileSync(file, "utf8").includes("function createApp("))).toBe(true);
    expect(files.filter((file) => readFileSync(file, "utf8").includes("function tenantApiRoutes("))).toEqual([]);
  });

  it("leaves only packages named in package.json's dependencies to node", () => {
    const pkg = JSON.parse(readFileSync(resolve(DIST, "..", "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(EXTERNAL.filter((name: string) => !(name in pkg.dependencies))).toEqual([]);
  });
});

describe.skipIf(!built)("the bundle's hono/jsx", () => {
  // scripts/jsx-without-async-context.mjs: entering an AsyncLocalStorage switches on async hooks for the
  // whole process on Node 20, and every later request paid for them after the first screen was rendered.
  it("creates no AsyncLocalStorage, so rendering a SuperID screen leaves async hooks off", () => {
    const bundled = [join(DIST, "cli", "main.js"), join(DIST, "index.js"), ...readdirSync(join(DIST, "chunks")).filter((f) => f.endsWith(".js")).map((f) => join(DIST, "chunks", f))];
    const creating = bundled.filter((file) => readFileSync(file, "utf8").includes("new AsyncLocalStorage"));
    expect(creating).toEqual([]);
    // hono/jsx is in the bundle (the check above would pass vacuously if it were not).
    expect(bundled.some((file) => readFileSync(file, "utf8").includes("loadAsyncLocalStorage"))).toBe(true);
  });
});
