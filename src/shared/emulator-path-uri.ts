/**
 * A registered redirect URI written as a path (`/workshop/callback`) means "this path on the emulator's own
 * public URL". Seed files cannot know the URL (the port and host vary per run), so the entry is resolved
 * when a request is checked and then compared exactly like any other: it never widens matching to other
 * hosts. `//host/...` and `/\host` would be read by URL parsers as another host, so they are not paths.
 */
const EMULATOR_PATH = /^\/(?![/\\])[^\s\\?#]*$/;

export function isEmulatorPath(entry: string): boolean {
  return EMULATOR_PATH.test(entry);
}

/** The registered entry as an absolute URL: emulator paths on `publicUrl`, anything else unchanged. */
export function resolveEmulatorPath(entry: string, publicUrl: string): string {
  return isEmulatorPath(entry) ? publicUrl.replace(/\/+$/, "") + entry : entry;
}
