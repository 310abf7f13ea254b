let loading: Promise<typeof import("jose")> | undefined;
let loaded: typeof import("jose") | undefined;

/**
 * jose, loaded on first use (about 30 ms): start-up neither signs nor verifies anything. The promise is
 * kept, because a dynamic import() of a loaded module still walks the module loader on every call.
 */
export function loadJose(): Promise<typeof import("jose")> {
  return (loading ??= import("jose").then((jose) => (loaded = jose)));
}

/**
 * jose once it has loaded, else undefined: per-request signers take it without awaiting a promise (each
 * await is a microtask turn, and a promise hook when AsyncLocalStorage is active).
 */
export function joseIfLoaded(): typeof import("jose") | undefined {
  return loaded;
}
