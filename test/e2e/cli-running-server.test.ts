import { existsSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, startCli, tempDir, type StartedCli } from "../support/cli.js";

/**
 * CLI commands that write the store while a server runs on the same data directory go through that
 * server's admin API (src/cli/running-server.ts), so the two never disagree and the server is never left
 * serving a deleted database file. Each test runs a real server process and the real CLI.
 */
const temps: (() => void)[] = [];
const servers: StartedCli[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const cleanup of temps) cleanup();
});

async function serve(args: string[] = []) {
  const { dir, cleanup } = tempDir();
  temps.push(cleanup);
  const data = join(dir, "data");
  const server = await startCli(["--data", data, ...args]);
  servers.push(server);
  return { data, server, admin: (path: string, init: RequestInit = {}) => fetch(`${server.url}/_emulator/v1${path}`, init) };
}

const json = { "content-type": "application/json" };

/** The files the server process holds open that were deleted under it (Linux /proc). */
function deletedOpenFiles(pid: number): string[] {
  const fdDir = `/proc/${pid}/fd`;
  if (!existsSync(fdDir)) return [];
  return readdirSync(fdDir)
    .map((fd) => {
      try {
        return readlinkSync(join(fdDir, fd));
      } catch {
        return "";
      }
    })
    .filter((target) => target.includes("store.db") && target.endsWith("(deleted)"));
}

describe("CLI beside a running server on the same data directory", () => {
  it("reset goes through the server: its store is back to the seed, and it serves no deleted file", async () => {
    const { data, server, admin } = await serve();
    const created = await admin("/tenants", { method: "POST", headers: json, body: JSON.stringify({ contextIdentifier: "Cust70001", profile: "small" }) });
    expect(created.status).toBe(201);

    const reset = await runCli(["reset", "--data", data]);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain(`running emulator at ${server.url}`);

    const tenants = (await (await admin("/tenants")).json()) as { contextIdentifier: string }[];
    expect(tenants.map((t) => t.contextIdentifier)).not.toContain("Cust70001");
    expect(tenants.map((t) => t.contextIdentifier)).toContain("Cust12345");
    expect(deletedOpenFiles(server.child.pid!)).toEqual([]);

    // The CLI's own view agrees with the server's.
    const info = await runCli(["info", "--json", "--data", data]);
    expect((JSON.parse(info.stdout) as { tenants: { contextIdentifier: string }[] }).tenants.map((t) => t.contextIdentifier)).toEqual(tenants.map((t) => t.contextIdentifier));
  });

  it("tenants state is seen by the server at once", async () => {
    const { data, server } = await serve();
    const set = await runCli(["tenants", "state", "Cust12345", "offlinemaintenance", "--data", data]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("is now OfflineMaintenance");
    const state = (await (await fetch(`${server.url}/api/state/Cust12345`)).json()) as { State: string; IsRunning: boolean };
    expect(state).toMatchObject({ State: "OfflineMaintenance", IsRunning: false });
    const api = await fetch(`${server.url}/Cust12345/api/v1/Contact/2`);
    expect(api.status).toBe(503);

    const unknown = await runCli(["tenants", "state", "Cust00404", "Running", "--data", data]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1);
    expect(unknown.stderr).toContain(`the emulator at ${server.url}`);
    expect(unknown.stderr).toContain("PUT /_emulator/v1/tenants/Cust00404/state");
    expect(unknown.stderr).toContain("unknown tenant Cust00404");
  });

  it("tenants move outside host mode explains what it needs, and changes nothing", async () => {
    const { data, server } = await serve();
    const move = await runCli(["tenants", "move", "Cust12345", "sod3.localhost", "--data", data]);
    expect(move.code).toBe(2);
    expect(move.stderr.trim().split("\n")).toHaveLength(1);
    expect(move.stderr).toContain("--tenant-host");
    const info = JSON.parse((await runCli(["info", "--json", "--data", data])).stdout) as { tenants: { contextIdentifier: string; webApiUrl: string }[] };
    expect(info.tenants.find((t) => t.contextIdentifier === "Cust12345")!.webApiUrl).toBe(`${server.url}/Cust12345/api/`);
  });

  it("tenants move in host mode goes through the server, and info names the server's URLs", async () => {
    const { data, server } = await serve(["--tenant-host", "sod2.localhost"]);
    const move = await runCli(["tenants", "move", "Cust12345", "SOD3.localhost", "--data", data]);
    expect(move.code).toBe(0);
    const port = new URL(server.url).port;
    expect(move.stdout).toContain(`http://sod3.localhost:${port}/Cust12345/api/`);
    const state = (await (await fetch(`${server.url}/api/state/Cust12345`)).json()) as { Api: string };
    expect(state.Api).toContain(`sod3.localhost:${port}`);
    // info is run without --tenant-host or --port: the URLs still are those of the running server.
    const info = JSON.parse((await runCli(["info", "--json", "--data", data])).stdout) as { url: string; tenants: { contextIdentifier: string; webApiUrl: string }[] };
    expect(info.url).toBe(server.url);
    expect(info.tenants.find((t) => t.contextIdentifier === "Cust12345")!.webApiUrl).toBe(`http://sod3.localhost:${port}/Cust12345/api/`);
  });

  it("with --admin-key the CLI needs the key too, and says so in one line", async () => {
    const { data, server } = await serve(["--admin-key", "k3y"]);
    const refused = await runCli(["tenants", "state", "Cust12345", "Suspended", "--data", data]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toContain("401");
    expect(refused.stderr).toContain("--admin-key");
    const state1 = (await (await fetch(`${server.url}/api/state/Cust12345`)).json()) as { State: string };
    expect(state1.State).toBe("Running");

    const allowed = await runCli(["tenants", "state", "Cust12345", "Suspended", "--data", data, "--admin-key", "k3y"]);
    expect(allowed.code).toBe(0);
    const state2 = (await (await fetch(`${server.url}/api/state/Cust12345`)).json()) as { State: string };
    expect(state2.State).toBe("Suspended");
  });

  it("a server that is gone (killed, or a stale server.json) no longer counts: the CLI writes the store itself", async () => {
    const { data, server } = await serve();
    await server.stop("SIGKILL");
    expect(existsSync(join(data, "server.json"))).toBe(true); // a kill leaves it behind
    const reset = await runCli(["reset", "--data", data]);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain("re-created");

    // A file naming a live process that is not an emulator (this test runner) is stale too.
    writeFileSync(join(data, "server.json"), JSON.stringify({ pid: process.pid, localUrl: "http://127.0.0.1:9", publicUrl: "http://localhost:9", startedAt: "" }));
    const set = await runCli(["tenants", "state", "Cust12345", "Suspended", "--data", data]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("is now Suspended");
  });

  it("a graceful stop removes server.json", async () => {
    const { data, server } = await serve();
    expect(existsSync(join(data, "server.json"))).toBe(true);
    expect(await server.stop()).toBe(0);
    expect(existsSync(join(data, "server.json"))).toBe(false);
  });
});

describe("CLI help and token", () => {
  it("--help lists every command", async () => {
    const { stdout, code } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const command of ["start", "info [--json]", "reset", "seed --out FILE", "tenants state CTX STATE", "tenants move CTX HOST", "token CTX USER", "apps key CLIENT_ID"]) {
      expect(stdout).toContain(`  ${command}`);
    }
  });

  it("token signs a user in on the running server and prints an access token that works", async () => {
    const { data, server } = await serve();
    const token = await runCli(["token", "Cust12345", "ada.admin@example.com", "--data", data]);
    expect(token.code).toBe(0);
    const accessToken = token.stdout.trim();
    expect(accessToken).toMatch(/^8A:Cust12345\./);
    const me = await fetch(`${server.url}/Cust12345/api/v1/User/currentPrincipal`, { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { EMailAddress?: string; UserName?: string }).UserName).toBe("ada.admin@example.com");

    const full = await runCli(["token", "Cust12345", "ada.admin@example.com", "Nightly Sync Service", "--json", "--data", data]);
    expect(full.code).toBe(0);
    expect(JSON.parse(full.stdout)).toMatchObject({ token_type: "Bearer", access_token: expect.stringMatching(/^8A:/), id_token: expect.any(String) });

    const wrong = await runCli(["token", "Cust12345", "nobody@example.com", "--data", data]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim().split("\n")).toHaveLength(1);

    const nothing = await runCli(["token", "Cust12345", "ada.admin@example.com", "--port", "9"]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("no emulator answers at http://localhost:9");
  });
});
