import { execFile } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, tempDir } from "../support/cli.js";

/**
 * README's "Installing it in your project": the package as `npm pack` makes it installs into another
 * project, offline from npm's local cache, and its JS API (`import { startEmulator } from "sod-emulator"`)
 * and its bin work there. What gets installed is the tarball, so a file missing from package.json's
 * `files` fails here.
 */
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "..", "..");

interface LockEntry {
  dev?: boolean;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** A consumer's lockfile: sod-emulator from the tarball, its runtime dependencies as this checkout locked them. */
function consumerLock(dependency: string) {
  const ours = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const root = ours.packages[""]!;
  const packages: Record<string, LockEntry> = {
    "": { name: "my-superoffice-app", version: "1.0.0", dependencies: { "sod-emulator": dependency } },
    "node_modules/sod-emulator": { version: String(root.version), resolved: dependency, license: root.license, dependencies: root.dependencies, bin: root.bin, engines: root.engines },
  };
  for (const [path, entry] of Object.entries(ours.packages)) if (path !== "" && !entry.dev && !entry.devOptional) packages[path] = entry;
  return { name: "my-superoffice-app", version: "1.0.0", lockfileVersion: 3, requires: true, packages };
}

let project: ReturnType<typeof tempDir>;
beforeAll(async () => {
  project = tempDir("sod-consumer-");
  // dist is built by `npm test`; --ignore-scripts keeps pack from rebuilding it under other running tests.
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", project.dir], { cwd: ROOT, env: cleanEnv() });
  const tarball = stdout.trim().split("\n").pop()!;
  const dependency = `file:${tarball}`;
  writeFileSync(join(project.dir, "package.json"), JSON.stringify({ name: "my-superoffice-app", version: "1.0.0", private: true, type: "module", dependencies: { "sod-emulator": dependency } }));
  writeFileSync(join(project.dir, "package-lock.json"), JSON.stringify(consumerLock(dependency)));
  // Offline, from the cache `npm ci` filled: that cache holds the tarballs but not the registry's package
  // documents, so the project gets a lockfile pinning the versions this checkout locked (as a consumer's
  // own lockfile would after its first install). Install scripts are skipped: better-sqlite3 would
  // compile SQLite from source (minutes; no prebuilt binary can be downloaded here), and the addon it would
  // build is the one this checkout already compiled for the same Node and version, so it is copied instead.
  await run("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: project.dir, env: cleanEnv(), timeout: 180_000 });
  cpSync(join(ROOT, "node_modules", "better-sqlite3", "build"), join(project.dir, "node_modules", "better-sqlite3", "build"), { recursive: true });
}, 240_000);
afterAll(() => project?.cleanup());

describe("installed from an npm pack tarball into another project", () => {
  it("ships what it needs and nothing of the repository's tests or sources", () => {
    const installed = join(project.dir, "node_modules", "sod-emulator");
    expect(existsSync(join(installed, "dist", "index.js"))).toBe(true);
    expect(existsSync(join(installed, "seeds", "default.json"))).toBe(true);
    expect(readdirSync(installed).sort()).toEqual(expect.not.arrayContaining(["test", "src", ".ci"]));
  });

  it("import { startEmulator } from 'sod-emulator': sign in, call the API, reset, stop", async () => {
    writeFileSync(
      join(project.dir, "check.mjs"),
      `import { startEmulator, adminClient } from "sod-emulator";
const emulator = await startEmulator();
const tokens = await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com" });
const contact = await fetch(emulator.url + "/Cust12345/api/v1/Contact/2", { headers: { authorization: "Bearer " + tokens.access_token, accept: "application/json" } });
const created = await adminClient(emulator.url).tenants.create({ contextIdentifier: "Cust70001", profile: "small" });
await emulator.reset();
const after = (await emulator.admin.tenants.list()).map((t) => t.contextIdentifier);
await emulator.stop();
console.log(JSON.stringify({ status: contact.status, contactId: (await contact.json()).ContactId, created: created.contextIdentifier, after }));
`,
    );
    const { stdout } = await run(process.execPath, ["check.mjs"], { cwd: project.dir, env: cleanEnv(), timeout: 60_000 });
    const result = JSON.parse(stdout.trim().split("\n").pop()!) as { status: number; contactId: number; created: string; after: string[] };
    expect(result).toMatchObject({ status: 200, contactId: 2, created: "Cust70001" });
    expect(result.after).toContain("Cust12345");
    expect(result.after).not.toContain("Cust70001");
  });

  it("npx sod-emulator runs the installed bin", async () => {
    const { stdout } = await run("npx", ["--offline", "sod-emulator", "info", "--json", "--in-memory"], { cwd: project.dir, env: cleanEnv(), timeout: 60_000 });
    const info = JSON.parse(stdout) as { tenants: { contextIdentifier: string }[] };
    expect(info.tenants.map((t) => t.contextIdentifier)).toContain("Cust12345");
  });

  // The bundle carries better-sqlite3's JavaScript (scripts/bundle.mjs, src/store/database.ts): node no longer
  // resolves and compiles the package's CommonJS files on every start. That copy is for the addon of its own
  // version only; with another version installed (a newer release within the dependency's range), the
  // installed package's JavaScript runs instead.
  describe("better-sqlite3's JavaScript", () => {
    const probe = `import { createRequire } from "node:module";
import { startEmulator } from "sod-emulator";
const emulator = await startEmulator();
const tokens = await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com" });
const contact = await fetch(emulator.url + "/Cust12345/api/v1/Contact/2", { headers: { authorization: "Bearer " + tokens.access_token, accept: "application/json" } });
await emulator.stop();
const lib = createRequire(import.meta.url).resolve("better-sqlite3/lib/database.js");
console.log(JSON.stringify({ status: contact.status, packageLoaded: lib in createRequire(import.meta.url).cache }));
`;
    const runProbe = async () => {
      writeFileSync(join(project.dir, "sqlite-check.mjs"), probe);
      const { stdout } = await run(process.execPath, ["sqlite-check.mjs"], { cwd: project.dir, env: cleanEnv(), timeout: 60_000 });
      return JSON.parse(stdout.trim().split("\n").pop()!) as { status: number; packageLoaded: boolean };
    };

    it("is the bundle's own copy when the installed package is the version it was built with", async () => {
      expect(await runProbe()).toEqual({ status: 200, packageLoaded: false });
    });

    it("is the installed package's when that is another version", async () => {
      const manifest = join(project.dir, "node_modules", "better-sqlite3", "package.json");
      const original = readFileSync(manifest, "utf8");
      writeFileSync(manifest, original.replace(/"version":\s*"[^"]+"/, '"version": "99.0.0"'));
      try {
        expect(await runProbe()).toEqual({ status: 200, packageLoaded: true });
      } finally {
        writeFileSync(manifest, original);
      }
    });
  });
});
