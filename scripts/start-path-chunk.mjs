// An esbuild plugin for the bundle step: the start path's code lands in a few chunks, not in dozens.
// With code splitting, esbuild makes one chunk per set of entry points that reach a module, and every lazily
// imported module (tenant API, admin API, portal, screens, services, the CLI's commands) is an entry point.
// The start path's modules were each reached by a different handful of those, so `import "sod-emulator"`
// loaded 43 files, 30 of them under 3.5 KB, and node resolves, reads, compiles and links each ES module on
// its own. esbuild has no manual chunks, so this plugin evens out the entry sets instead, by appending an
// import to some lazy modules:
// - each lazy module only a server loads imports src/emulator.ts, the start path that both `sod-emulator
//   start` and startEmulator() run. At run time that import is free: such a module is only ever loaded by a
//   server, which has evaluated src/emulator.ts before it listens.
// - each CLI command that opens the store (info, reset, tenants, apps), and each lazy module such a command
//   may load (seed loading), imports every module of the start path that any of those commands imports, so
//   they no longer split it by which command needs which part. A command loads a little more of the store
//   side than it uses; token and seed, which do not open the store, and cli/main.ts are left alone.
// Modules on the start path themselves are never changed (open-store.ts is also imported lazily; an import
// added there would be a cycle for nothing).
// Measured (issue #19, fresh processes, 20 interleaved each, busy machine): import "sod-emulator" loads 14
// files instead of 43; startEmulator() import + ready 210 -> 185 ms, process CPU 303 -> 262 ms (medians).
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";

export const START_ROOT = "src/emulator.ts";
const CLI_MAIN = "src/cli/main.ts";
const CLI_START = "src/cli/commands/start.ts";
const OPEN_STORE = "src/store/open-store.ts";
const CLI_SHARED = "sod-start-path:cli-shared";

/**
 * Reads the import graph (a build that writes nothing) and returns what the plugin changes, as paths relative
 * to the working directory: `lazy`, the modules only a server imports lazily, which get an import of START_ROOT;
 * `cliLazy`, the store commands and what they import lazily, which get an import of CLI_SHARED; `shared`, the
 * start path's modules the store commands import (what CLI_SHARED imports).
 */
export async function startPathPlan(options) {
  const { metafile } = await build({ ...options, write: false, metafile: true, sourcemap: false, logLevel: "silent" });
  const inputs = metafile.inputs;
  const edges = (file, kind) => (inputs[file]?.imports ?? []).filter((i) => i.kind === kind).map((i) => i.path);
  const reach = (roots, kinds) => {
    const seen = new Set();
    const visit = (file) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const kind of kinds) for (const next of edges(file, kind)) visit(next);
    };
    roots.forEach(visit);
    return seen;
  };
  const commands = edges(CLI_MAIN, "dynamic-import").filter((file) => file !== CLI_START);
  if (!commands.length || !inputs[START_ROOT] || !inputs[OPEN_STORE]) throw new Error(`scripts/start-path-chunk.mjs: no CLI commands in ${CLI_MAIN}, or no ${START_ROOT} or ${OPEN_STORE}; update the plugin`);
  const startPath = reach([START_ROOT, "src/index.ts", CLI_START], ["import-statement"]);
  // The commands that open the store load most of the start path's store side anyway; the others (token,
  // seed) are left alone, as is everything they or cli/main.ts load, now or later.
  const storeCommands = commands.filter((file) => reach([file], ["import-statement"]).has(OPEN_STORE));
  const untouched = new Set([...reach([CLI_MAIN], ["import-statement"]), ...reach(commands.filter((file) => !storeCommands.includes(file)), ["import-statement", "dynamic-import"])]);
  const cliLoads = reach(storeCommands, ["import-statement", "dynamic-import"]);
  // Lazy modules only a server loads get START_ROOT; those a store command may load too (seed generation) get
  // what those commands share, which is on the start path as well, so for them too the added import is free.
  const lazy = new Set();
  const cliLazy = new Set(storeCommands);
  for (const input of Object.values(inputs)) {
    for (const { kind, path } of input.imports) {
      if (kind !== "dynamic-import" || !path.startsWith("src/") || startPath.has(path) || untouched.has(path)) continue;
      (cliLoads.has(path) ? cliLazy : lazy).add(path);
    }
  }
  const shared = [...reach(storeCommands, ["import-statement"])].filter((file) => file.startsWith("src/") && startPath.has(file) && !storeCommands.includes(file));
  return { lazy, cliLazy, shared };
}

/** The plugin for a plan of startPathPlan(); `root` is the working directory. */
export function startPathChunk(root, plan) {
  const lazy = new Set([...plan.lazy].map((file) => join(root, file)));
  const cliLazy = new Set([...plan.cliLazy].map((file) => join(root, file)));
  const rootFile = join(root, START_ROOT);
  return {
    name: "start-path-chunk",
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${CLI_SHARED}$`) }, () => ({ path: CLI_SHARED, namespace: "sod-start-path" }));
      build.onLoad({ filter: /.*/, namespace: "sod-start-path" }, () => ({
        contents: plan.shared.map((file) => `import ${JSON.stringify(join(root, file))};`).join("\n"),
        loader: "js",
        resolveDir: root,
      }));
      build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        const added = lazy.has(args.path) ? rootFile : cliLazy.has(args.path) ? CLI_SHARED : undefined;
        if (!added) return undefined;
        const source = await readFile(args.path, "utf8");
        // Appended, so no line of the module moves (source maps) and its own imports still evaluate first.
        return { contents: `${source}\nimport ${JSON.stringify(added)};\n`, loader: extname(args.path).slice(1) };
      });
    },
  };
}
