// An esbuild plugin for the bundle step: hono/jsx renders without an AsyncLocalStorage.
// hono/jsx keeps useContext() values across awaits in async components with an AsyncLocalStorage, which it
// creates and enters on the first render. On Node 20 entering any AsyncLocalStorage switches on async hooks
// for the rest of the process, and from then on every promise of every request pays for them. The emulator
// renders its SuperID screens with hono/jsx, so after the first sign-in each token request, tenant API call
// and webhook delivery was slower: measured with the bench (issue #19), server CPU per request fell from
// 697 to 601 µs for a refresh grant, from 126 to 97 µs for a Contact GET and from 649 to 544 µs for a Contact
// POST once the storage was left out. The emulator's screens use no jsx context (no createContext or
// useContext in src/), so hono's own fallback for runtimes without AsyncLocalStorage (the render's store lives
// in a module variable during the synchronous render) renders them identically.
// The patch is one exact line of hono's dist/jsx/context.js; if hono changes it, the build fails here rather
// than quietly shipping either version.
import { readFile } from "node:fs/promises";

const FILE = /[\\/]hono[\\/]dist[\\/]jsx[\\/]context\.js$/;
const CREATES_STORAGE = "if (AsyncLocalStorage) asyncLocalStorage = new AsyncLocalStorage();";

export const jsxWithoutAsyncContext = {
  name: "hono-jsx-without-async-context",
  setup(build) {
    build.onLoad({ filter: FILE }, async (args) => {
      const source = await readFile(args.path, "utf8");
      if (!source.includes(CREATES_STORAGE)) {
        throw new Error(`${args.path} no longer has the line this plugin removes (${CREATES_STORAGE}); check hono/jsx's render context and update scripts/jsx-without-async-context.mjs`);
      }
      return { contents: source.replace(CREATES_STORAGE, "/* sod-emulator: no AsyncLocalStorage (scripts/jsx-without-async-context.mjs) */"), loader: "js" };
    });
  },
};
