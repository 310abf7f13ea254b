import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findPackageRoot, PACKAGE_ROOT } from "../../src/config/package-root.js";
import { tempDir } from "../support/cli.js";

const dir = tempDir("sod-package-root-");
afterAll(() => dir.cleanup());

describe("package root", () => {
  it("is this checkout when running from src/", () => {
    expect(PACKAGE_ROOT).toBe(resolve(import.meta.dirname, "..", ".."));
  });

  it("is found from any depth below it (dist/chunks of the bundle, node_modules/sod-emulator when installed)", () => {
    const installed = join(dir.dir, "app", "node_modules", "sod-emulator");
    mkdirSync(join(installed, "dist", "chunks"), { recursive: true });
    writeFileSync(join(dir.dir, "app", "package.json"), JSON.stringify({ name: "my-superoffice-app" }));
    writeFileSync(join(installed, "package.json"), JSON.stringify({ name: "sod-emulator" }));
    // A package.json of another name on the way up (e.g. a "type": "module" marker) is passed over.
    writeFileSync(join(installed, "dist", "package.json"), JSON.stringify({ type: "module" }));
    expect(findPackageRoot(join(installed, "dist", "chunks"))).toBe(installed);
    expect(findPackageRoot(installed)).toBe(installed);
  });

  it("says so when no package.json above names the package", () => {
    expect(() => findPackageRoot(join(dir.dir, "app"))).toThrow(/no package.json named sod-emulator/);
  });
});
