import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

const PACKAGE_NAME = "sod-emulator";

/**
 * The nearest folder at or above `from` whose package.json names this package. Walking up, rather than
 * counting folders, finds it from src/config (tests), dist/config (tsc output) and dist/chunks (the bundle
 * scripts/bundle.mjs writes) alike, and in node_modules/sod-emulator when installed.
 */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(resolve(dir, "package.json"), "utf8")) as { name?: unknown }).name === PACKAGE_NAME) return dir;
    } catch {
      // No (readable) package.json here: keep walking up.
    }
    if (dirname(dir) === dir) throw new Error(`no package.json named ${PACKAGE_NAME} at or above ${from}`);
  }
}

/** The package's own directory, whether running from src/ (tests) or dist/ (CLI, library). */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

export const DEFAULT_SEED_FILE = resolve(PACKAGE_ROOT, "seeds", "default.json");
export const DEFAULT_CACHE_DIR = resolve(PACKAGE_ROOT, "node_modules", ".cache", "sod-emulator");
