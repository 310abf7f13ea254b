import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Lives in test/ so the repository's top level stays as DEVELOPERS.md lays it out.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["test/**/*.test.ts"],
    // End-to-end tests spawn the real CLI and, later, a real browser.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
