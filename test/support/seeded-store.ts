import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { DEFAULT_SEED_FILE } from "../../src/config/package-root.js";
import { keyedSeedImage, openStore } from "../../src/store/open-store.js";
import { createStore, type Store } from "../../src/store/store.js";

/**
 * An in-memory store opened from the default seed's image, in a cache directory of the test file's own, with
 * that image and its key for resets: made before the file's tests, closed and removed after them. Read its
 * members inside tests (they are set in beforeAll).
 */
export function seededStore(prefix: string): { image: Buffer; key: string; store: Store } {
  const cacheDir = mkdtempSync(join(tmpdir(), prefix));
  const loc = { dataDir: null, seedFile: DEFAULT_SEED_FILE, cacheDir };
  const seeded = {} as { image: Buffer; key: string; store: Store };
  beforeAll(async () => {
    Object.assign(seeded, await keyedSeedImage(loc));
    seeded.store = createStore((await openStore(loc)).db);
  }, 60_000);
  afterAll(() => {
    seeded.store?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });
  return seeded;
}
