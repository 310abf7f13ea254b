import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_SEED_FILE } from "../../src/config/package-root.js";
import { startEmulator } from "../../src/index.js";
import { runCli, startCli } from "../support/cli.js";
import { WEB_APP, expectAdminError, http } from "../support/admin-conformance.js";

/**
 * Adversarial conformance of the admin API, startEmulator(), the portal and the CLI against README.md and the
 * product rules: bad input is a clear error with the right status (never a 500, never a half-written row),
 * CSRF on every portal form, escaped output, determinism, and the admin key.
 */

describe("admin key", () => {
  // README: "with --admin-key KEY every call needs Authorization: Bearer KEY"; Portal: "open /portal?adminKey=KEY once".
  it("guards every admin resource and portal page, however the path is spelled; ?adminKey= once sets a cookie", async () => {
    const e = await startEmulator({ adminKey: "s3cret-k3y" });
    try {
      const paths = ["/_emulator/v1/tenants", "/_EMULATOR/v1/Tenants", "/%5Femulator/v1/tenants", "/_emulator/v1/%74enants", "/_emulator//v1/tenants", "/_emulator/v1/tenants/",
        "/_emulator/v1/tenants/Cust12345/users", "/_emulator/v1/apps", "/_emulator/v1/consents", "/_emulator/v1/snapshot", "/_emulator/v1/clock", "/_emulator/v1/faults",
        "/_emulator/v1/requests", "/portal", "/Portal/apps", "/portal/tenants", "/portal/activity", "/portal/tokens", "/portal/apps/380c2292fe121635014c8e27e9f7d534/private-key.pem"];
      for (const p of paths) {
        for (const headers of [{}, { authorization: "Bearer s3cret" }, { "x-admin-key": "s3cret-k3yX" }, { cookie: "sod_admin=wrong" }] as Record<string, string>[]) {
          const r = await http("GET", `${e.url}${p}`, { headers });
          expect([401, 404], `${p} ${JSON.stringify(headers)}: ${r.status}`).toContain(r.status);
          expect(r.text).not.toContain("Fjordline");
        }
      }
      for (const [m, p] of [["POST", "/reset"], ["POST", "/restore"], ["POST", "/clock"], ["DELETE", "/faults"], ["POST", "/tenants/Cust12345/reset"], ["DELETE", `/apps/${WEB_APP}`]] as const) {
        expectAdminError(await http(m, `${e.url}/_emulator/v1${p}`, { json: { advanceSeconds: 1 } }), 401);
      }
      expect(await e.admin.apps.get(WEB_APP)).toMatchObject({ clientId: WEB_APP });
      expect((await http("GET", `${e.url}/portal?adminKey=wrong`)).headers["set-cookie"]).toBeUndefined();
      const once = await http("GET", `${e.url}/portal?adminKey=${"s3cret-k3y"}`);
      expect(once.status).toBeLessThan(400);
      const cookie = String(once.headers["set-cookie"]).split(";")[0]!;
      expect((await http("GET", `${e.url}/portal/tenants`, { headers: { cookie } })).text).toContain("Fjordline");
    } finally {
      await e.stop();
    }
  });

  // README: startEmulator's `adminKey` "Require[s] this key on the admin API and portal (the returned `admin` sends it)";
  // Configuration: --admin-key accepts "a non-empty string". A key no HTTP header can carry must be refused up front.
  it("a non-ASCII admin key is refused at start, or the returned admin client can use it", async () => {
    let refused: Error | undefined;
    const e = await startEmulator({ adminKey: "nøkkel-ключ" }).catch((err: Error) => {
      refused = err;
      return undefined;
    });
    if (!e) {
      expect(refused?.message).toMatch(/adminKey|admin-key/);
      return;
    }
    try {
      expect((await e.admin.tenants.list()).length).toBe(3);
    } finally {
      await e.stop();
    }
  });
});

describe("CLI", () => {
  const tmp = mkdtempSync(join(tmpdir(), "sod-conf-cli-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const oneLine = (stderr: string) => {
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  };

  // README Seed file format: "`profile` (default `standard`)" of the file's profiles; "A broken seed file stops the
  // emulator with one line naming the file, the JSON path and what was expected"; exit code 2.
  it("a seed file whose tenant names the profile constructor is refused naming $.tenants[0].profile", async () => {
    const seed = JSON.parse(readFileSync(DEFAULT_SEED_FILE, "utf8"));
    seed.tenants[0].profile = "constructor";
    const file = join(tmp, "ctor-seed.json");
    writeFileSync(file, JSON.stringify(seed));
    const { code, stderr } = await runCli(["seed", "--out", "-", "--seed", file]);
    expect(code).toBe(2);
    expect(stderr).toContain("$.tenants[0].profile");
    oneLine(stderr);
  });

  // README Configuration: the config file takes "the keys below"; anything else is one line and exit 2.
  it("a config file with __proto__ or constructor keys exits 2 with one line", async () => {
    for (const [name, text] of [["proto.json", '{"__proto__":{"port":1}}'], ["ctor.json", '{"constructor":1}'], ["arr.json", "[1]"]]) {
      const file = join(tmp, name!);
      writeFileSync(file, text!);
      const { code, stdout, stderr } = await runCli(["info", "--in-memory", "--config", file]);
      expect(code, stderr).toBe(2);
      expect(stdout).toBe("");
      oneLine(stderr);
    }
  });

  // README Command line: "Bad options, environment values, config files or seed files print one line and exit with code 2."
  it.each([
    ["seed --out into a missing directory", ["seed", "--out", "/nonexistent-dir/sub/out.json"], /--out/],
    ["--data naming a file", ["info", "--data", DEFAULT_SEED_FILE], /--data/],
    ["--host that is not a host", ["start", "--in-memory", "--port", "0", "--host", "no such host!"], /--host/],
  ])("%s exits 2 with one line naming the option", async (_what, args, option) => {
    const { code, stderr } = await runCli(args as string[]);
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(option);
    oneLine(stderr);
  });

  // Rule: regex backtracking on crafted input must not hang the emulator; README faults: `path` substring or `/regex/`.
  it("a fault path regex with nested quantifiers is refused, or at least does not hang the emulator", async () => {
    const server = await startCli(["--in-memory"]);
    try {
      const added = await http("POST", `${server.url}/_emulator/v1/faults`, { json: { path: "/(a|aa)+b/", status: 503 } });
      if (added.status === 400) return; // refused up front: fine
      expect(added.status).toBe(201);
      const res = await fetch(`${server.url}/Cust12345/api/${"a".repeat(48)}`, { signal: AbortSignal.timeout(3000) }).then((r) => r.status, (err: Error) => err.name);
      expect(res).not.toBe("TimeoutError");
    } finally {
      await server.stop("SIGKILL");
    }
  });
});
