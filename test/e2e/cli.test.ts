import { adminClient } from "../../src/admin/client.js";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_SEED_FILE } from "../../src/config/package-root.js";
import { generateSeedData } from "../../src/seed/generate.js";
import { readSeedFile } from "../../src/seed/seed-file.js";
import { runCli, startCli, tempDir } from "../support/cli.js";

const tmp = tempDir("sod-cli-");
afterAll(tmp.cleanup);
let n = 0;
const freshDir = (name: string) => join(tmp.dir, `${name}-${++n}`);
const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe("sod-emulator CLI", () => {
  it("info --json prints the seeded tenants, users and apps", async () => {
    const { code, stdout } = await runCli(["info", "--json", "--data", freshDir("info")]);
    expect(code).toBe(0);
    const info = JSON.parse(stdout);
    expect(info.url).toBe("http://localhost:5080");
    expect(info.issuer).toBe("http://localhost:5080");
    expect(info.tenants.map((t: any) => [t.contextIdentifier, t.state, t.isRunning])).toEqual([
      ["Cust12345", "Running", true],
      ["Cust54321", "Running", true],
      ["Cust99999", "OfflineMaintenance", false],
    ]);
    expect(info.tenants[0].webApiUrl).toBe("http://localhost:5080/Cust12345/api/");
    expect(info.users[0]).toMatchObject({ username: "ada.admin@example.com", tenants: [{ contextIdentifier: "Cust12345", administrator: true }, { contextIdentifier: "Cust54321", administrator: true }] });
    expect(info.apps.map((a: any) => [a.name, a.kind, a.clientSecret === null])).toEqual([
      ["Workshop Web App", "web", false],
      ["Desktop Native App", "native", true],
      ["Nightly Sync Service", "server-to-server", false],
    ]);
  });

  it("info derives every URL from --public-url", async () => {
    const { stdout } = await runCli(["info", "--json", "--in-memory", "--public-url", "http://emulator.test:8080/"]);
    const info = JSON.parse(stdout);
    expect(info.url).toBe("http://emulator.test:8080");
    expect(info.issuer).toBe("http://emulator.test:8080");
    expect(info.tenants[1].webApiUrl).toBe("http://emulator.test:8080/Cust54321/api/");
  });

  it("seed --out writes the generated data, identical on every run", async () => {
    const a = join(tmp.dir, "seed-a.json");
    const b = join(tmp.dir, "seed-b.json");
    expect((await runCli(["seed", "--out", a])).code).toBe(0);
    expect((await runCli(["seed", "--out", b])).code).toBe(0);
    const text = readFileSync(a, "utf8");
    expect(readFileSync(b, "utf8")).toBe(text);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(generateSeedData(readSeedFile(DEFAULT_SEED_FILE).seed))));
  });

  it.each([
    [["start", "--port", "abc"], /^sod-emulator: --port: expected a port number 0-65535 \(0 picks a free port\), got "abc"$/],
    [["info", "--environment", "prod"], /^sod-emulator: --environment: expected one of sod, stage, online, got "prod"$/],
    [["start", "--colour"], /^sod-emulator: Unknown option '--colour'/],
    [["frobnicate"], /^sod-emulator: unknown command "frobnicate"; expected one of start, info, reset, seed/],
    [["seed"], /^sod-emulator: seed: --out expects a file path/],
    [["reset", "--in-memory"], /^sod-emulator: reset: --in-memory stores always start from the seed/],
    [["info", "--seed", "/nonexistent/seed.json"], /^sod-emulator: --seed \/nonexistent\/seed.json: seed file not found$/],
  ])("%j exits 2 with one clear line", async (args, message) => {
    const { code, stdout, stderr } = await runCli(args, { env: { SOD_DATA: freshDir("bad") } });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim()).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("rejects a bad environment variable the same way", async () => {
    const { code, stderr } = await runCli(["info"], { env: { SOD_PORT: "eighty" } });
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('sod-emulator: SOD_PORT=eighty: expected a port number 0-65535 (0 picks a free port), got "eighty"');
  });

  it("rejects an invalid seed file naming the file and the JSON path", async () => {
    const seed = JSON.parse(readFileSync(DEFAULT_SEED_FILE, "utf8"));
    seed.users[0].tenants[1].administrator = "yes";
    const file = join(tmp.dir, "broken-seed.json");
    writeFileSync(file, JSON.stringify(seed));
    const { code, stderr } = await runCli(["start", "--in-memory", "--seed", file, "--port", "0"]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}: $.users[0].tenants[1].administrator: Invalid input: expected boolean, received string, got "yes"`);
    noStackTrace(stderr);
  });

  it("start prints the ready line and tables, serves /health, and stops cleanly on SIGTERM", async () => {
    const server = await startCli(["--data", freshDir("start")]);
    const health = await request(`${server.url}/health`);
    expect(health.statusCode).toBe(200);
    expect(await health.body.json()).toEqual({ status: "ok" });
    const output = server.output();
    expect(output.split("\n").filter((l) => l.includes("sod-emulator ready"))).toHaveLength(1);
    for (const fact of ["Cust12345", "Fjordline Trading AS", "OfflineMaintenance", "ada.admin@example.com", "administrator", "Workshop Web App", "http://localhost:3000/callback"]) {
      expect(output).toContain(fact);
    }
    expect(await server.stop("SIGTERM")).toBe(0);
    expect(server.output()).toContain("sod-emulator stopping (SIGTERM)");
  });

  it("keeps keys and data across restarts, and reset re-creates the data from the seed", async () => {
    const dataDir = freshDir("restart");
    // What a user changes through the running emulator (admin API and tenant API), never by SQL.
    const contactName = async (url: string) => {
      const { access_token } = await adminClient(url).signIn({ tenant: "Cust12345", user: "ada.admin@example.com" });
      const res = await fetch(`${url}/Cust12345/api/v1/Contact/2`, { headers: { authorization: `Bearer ${access_token}`, accept: "application/json" } });
      return ((await res.json()) as { Name: string }).Name;
    };
    const first = await startCli(["--data", dataDir]);
    const admin = adminClient(first.url);
    await admin.tenants.setState("Cust54321", "Suspended");
    const { access_token } = await admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com" });
    const renamed = await fetch(`${first.url}/Cust12345/api/v1/Contact/2`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${access_token}`, accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify([{ op: "replace", path: "/Name", value: "Changed by hand" }]),
    });
    expect(renamed.status).toBe(200);
    await first.stop();
    const cert = readFileSync(join(dataDir, "keys", "signing-cert.pem"), "utf8");
    const key = readFileSync(join(dataDir, "keys", "signing-key.pem"), "utf8");

    const second = await startCli(["--data", dataDir]);
    expect(second.output()).toMatch(/Cust54321\s+Aurora Consulting AB\s+Suspended/);
    expect(await contactName(second.url)).toBe("Changed by hand");
    await second.stop();
    expect(readFileSync(join(dataDir, "keys", "signing-cert.pem"), "utf8")).toBe(cert);
    expect(readFileSync(join(dataDir, "keys", "signing-key.pem"), "utf8")).toBe(key);

    const reset = await runCli(["reset", "--data", dataDir]);
    expect(reset.code).toBe(0);
    const info = JSON.parse((await runCli(["info", "--json", "--data", dataDir])).stdout);
    expect(info.tenants[1].state).toBe("Running");
    const third = await startCli(["--data", dataDir]);
    expect(await contactName(third.url)).not.toBe("Changed by hand");
    await third.stop();
    expect(readFileSync(join(dataDir, "keys", "signing-cert.pem"), "utf8")).toBe(cert);
  });

  it("--in-memory writes nothing to the working directory", async () => {
    const cwd = freshDir("in-memory");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(cwd);
    const server = await startCli(["--in-memory"], { cwd });
    expect((await request(`${server.url}/health`)).statusCode).toBe(200);
    expect(await server.stop()).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("says so when the seed file changed since the store was made", async () => {
    const dataDir = freshDir("seed-changed");
    const seedFile = join(tmp.dir, "changing-seed.json");
    const seed = JSON.parse(readFileSync(DEFAULT_SEED_FILE, "utf8"));
    for (const t of seed.tenants) t.profile = "empty";
    writeFileSync(seedFile, JSON.stringify(seed));
    await (await startCli(["--data", dataDir, "--seed", seedFile])).stop();
    seed.tenants[0].companyName = "Renamed AS";
    writeFileSync(seedFile, JSON.stringify(seed));
    const again = await startCli(["--data", dataDir, "--seed", seedFile]);
    await again.stop();
    expect(again.output(), again.output()).toContain("the seed file changed since this store was created");
    expect(again.output()).toContain("Fjordline Trading AS");
  });
});
