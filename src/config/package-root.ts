import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

/** The package's own directory, whether running from src/ (tests) or dist/ (CLI, library). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const DEFAULT_SEED_FILE = resolve(PACKAGE_ROOT, "seeds", "default.json");
export const DEFAULT_CACHE_DIR = resolve(PACKAGE_ROOT, "node_modules", ".cache", "sod-emulator");
