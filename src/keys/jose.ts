let loading: Promise<typeof import("jose")> | undefined;

/**
 * jose, loaded on first use (about 30 ms): start-up neither signs nor verifies anything. The promise is
 * kept, because a dynamic import() of a loaded module still walks the module loader on every call.
 */
export function loadJose(): Promise<typeof import("jose")> {
  return (loading ??= import("jose"));
}
