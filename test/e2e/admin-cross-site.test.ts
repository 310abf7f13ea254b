import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:net";
import { request, type Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config-error.js";
import { loadConfig } from "../../src/config/load-config.js";
import { startEmulator, type StartedEmulator } from "../../src/index.js";

/**
 * Issue #12 items 1, 2 and 7: the emulator runs beside the developer's browser, so any web page is an
 * attacker. The admin API refuses cross-site writes (Origin, content type, preflight), the admin API and
 * the portal answer only the emulator's own host names (DNS rebinding), and a restore body is checked
 * while it streams. Real server, real HTTP (undici, which can set Host; node:http for half-sent bodies).
 */

const EVIL = "http://evil.example";
const SYSTEM_APP = "380c2292fe121635014c8e27e9f7d534";
const SEEDED_SECRET = "dbff9b08ac8db8194c1d14909fbe980c";

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: any }

async function send(url: string, opts: { method?: Dispatcher.HttpMethod; headers?: Record<string, string>; body?: string | Uint8Array } = {}): Promise<Reply> {
  const res = await request(url, { method: opts.method ?? "GET", headers: opts.headers, body: opts.body });
  const text = await res.body.text();
  let json: unknown = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; } // prettier-ignore
  return { status: res.statusCode, headers: res.headers, text, json };
}

const appBody = JSON.stringify({ name: "x", kind: "web", redirectUris: ["http://evil.example/cb"] });

describe("admin API: cross-site requests (no --admin-key)", () => {
  let e: StartedEmulator;
  let A: string;
  beforeAll(async () => {
    e = await startEmulator();
    A = `${e.url}/_emulator/v1`;
  });
  afterAll(async () => e?.stop());

  const appNames = async () => (await e.admin.apps.list()).map((a) => a.name);

  it("refuses the reproducers: reset and app registration from another origin as text/plain", async () => {
    const made = await e.admin.tenants.create({ profile: "empty" });
    const reset = await send(`${A}/reset`, { method: "POST", headers: { origin: EVIL, "content-type": "text/plain" } });
    expect(reset.status).toBe(403);
    expect(reset.json).toMatchObject({ error: "forbidden" });
    expect(reset.json.message).toContain("Origin http://evil.example");
    // Nothing was reset: the tenant made before is still there.
    expect((await e.admin.tenants.list()).map((t) => t.contextIdentifier)).toContain(made.contextIdentifier);

    const app = await send(`${A}/apps`, { method: "POST", headers: { origin: EVIL, "content-type": "text/plain" }, body: appBody });
    expect(app.status).toBe(403);
    expect(app.json.error).toBe("forbidden");
    // Even as JSON (a non-browser that sends an Origin), another origin may not write.
    expect((await send(`${A}/apps`, { method: "POST", headers: { origin: EVIL, "content-type": "application/json" }, body: appBody })).status).toBe(403);
    expect((await send(`${A}/apps`, { method: "POST", headers: { origin: "null", "content-type": "application/json" }, body: appBody })).status).toBe(403);
    expect(await appNames()).not.toContain("x");
  });

  it("needs Content-Type: application/json on POST and PUT, with a JSON body saying so (415)", async () => {
    for (const [method, path, body, type] of [
      ["POST", "/reset", undefined, undefined],
      ["POST", "/reset", undefined, "text/plain"],
      ["POST", "/apps", appBody, "text/plain"],
      ["POST", "/apps", appBody, "application/x-www-form-urlencoded"],
      ["POST", "/apps", appBody, "multipart/form-data; boundary=x"],
      ["POST", `/apps/${SYSTEM_APP}/secret`, undefined, undefined],
      ["PUT", "/tenants/Cust12345/state", '{"state":"Suspended"}', "text/plain"],
      ["POST", "/clock", '{"advanceSeconds":60}', "text/plain;charset=utf-8"],
    ] as const) {
      const r = await send(`${A}${path}`, { method, headers: type ? { "content-type": type } : {}, body });
      expect(r.status, `${method} ${path} as ${type}`).toBe(415);
      expect(r.json).toMatchObject({ error: "unsupported_media_type" });
      expect(r.json.message).toMatch(/^Content-Type: expected application\/json/);
    }
    expect(await appNames()).not.toContain("x");
    expect((await e.admin.tenants.get("Cust12345")).state).toBe("Running");
    expect((await e.admin.clock.get()).offsetMs).toBeLessThan(30_000);
  });

  it("still takes legitimate calls: scripts without Origin, the emulator's own origin, JSON with a charset", async () => {
    expect((await send(`${A}/reset`, { method: "POST", headers: { "content-type": "application/json" } })).json).toEqual({ reset: true });
    const own = new URL(e.url).origin;
    const created = await send(`${A}/apps`, { method: "POST", headers: { origin: own, "content-type": "application/json; charset=utf-8" }, body: JSON.stringify({ name: "Own origin", kind: "web", redirectUris: ["http://localhost:4000/cb"] }) });
    expect(created.status, created.text).toBe(201);
    // The origin of the host the request was sent to (127.0.0.1, a loopback name) counts as the emulator's own.
    const loopback = e.url.replace("localhost", "127.0.0.1");
    const viaIp = await send(`${loopback}/_emulator/v1/clock`, { method: "POST", headers: { origin: new URL(loopback).origin, "content-type": "application/json" }, body: '{"advanceSeconds":60}' });
    expect(viaIp.status, viaIp.text).toBe(200);
    // Reads need no content type; DELETE has no body to type.
    expect((await send(`${A}/clock`, { method: "DELETE" })).status).toBe(200);
    expect((await send(`${A}/apps`)).status).toBe(200);
    // The typed client sends the content type on every state-changing call, body-less ones included.
    await e.admin.apps.rotateSecret(SYSTEM_APP);
    await e.admin.tenants.reset("Cust12345");
    expect(await e.admin.restore(await e.admin.snapshot())).toEqual({ restored: true });
    await e.admin.reset();
  });

  it("refuses DELETE from another origin, and a cross-site Sec-Fetch-Site without an Origin", async () => {
    const del = await send(`${A}/faults`, { method: "DELETE", headers: { origin: EVIL } });
    expect(del.status).toBe(403);
    expect(del.json.error).toBe("forbidden");
    const fetchMeta = await send(`${A}/reset`, { method: "POST", headers: { "sec-fetch-site": "cross-site", "content-type": "application/json" } });
    expect(fetchMeta.status).toBe(403);
    expect(fetchMeta.json.message).toContain("Sec-Fetch-Site: cross-site");
    expect((await send(`${A}/reset`, { method: "POST", headers: { "sec-fetch-site": "same-origin", "content-type": "application/json" } })).status).toBe(200);
  });

  it("answers CORS preflights only for the emulator's own origin", async () => {
    const asked = { "access-control-request-method": "POST", "access-control-request-headers": "content-type" };
    const evil = await send(`${A}/reset`, { method: "OPTIONS", headers: { origin: EVIL, ...asked } });
    expect(evil.status).toBe(403);
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();
    expect(evil.json.error).toBe("forbidden");
    const own = new URL(e.url).origin;
    const ok = await send(`${A}/reset`, { method: "OPTIONS", headers: { origin: own, ...asked } });
    expect(ok.status).toBe(204);
    expect(ok.headers["access-control-allow-origin"]).toBe(own);
    expect(String(ok.headers["access-control-allow-headers"]).toLowerCase()).toContain("content-type");
  });

  it("restore takes the snapshot's binary types only", async () => {
    const snapshot = await e.admin.snapshot();
    const asForm = await send(`${A}/restore`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: snapshot });
    expect(asForm.status).toBe(415);
    expect(asForm.json.message).toMatch(/^Content-Type: expected application\/octet-stream/);
    for (const type of ["application/octet-stream", "application/vnd.sqlite3"]) {
      const r = await send(`${A}/restore`, { method: "POST", headers: { "content-type": type }, body: snapshot });
      expect(r.status, r.text).toBe(200);
    }
    expect((await send(`${A}/restore`, { method: "POST", headers: { "content-type": "application/octet-stream", origin: EVIL }, body: snapshot })).status).toBe(403);
  });

  it("answers a request Node's parser refuses (a raw … in the query) with a JSON 400", async () => {
    const { port } = new URL(e.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => socket.end(Buffer.from(`GET /_emulator/v1/requests?clientId=…&tenant=Cust12345 HTTP/1.1\r\nHost: localhost\r\n\r\n`, "utf8")));
      let text = "";
      socket.on("data", (d) => (text += d.toString("utf8")));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4));
    expect(body.error).toBe("invalid_request");
    expect(body.message).toMatch(/\S/);
  });
});

describe("admin API: the admin key bypasses the cross-site checks", () => {
  let e: StartedEmulator;
  beforeAll(async () => void (e = await startEmulator({ adminKey: "s3cret" })));
  afterAll(async () => e?.stop());

  it("takes any origin and content type with the key in a header, and 401s without it", async () => {
    const A = `${e.url}/_emulator/v1`;
    const evil = { origin: EVIL, "content-type": "text/plain" };
    expect((await send(`${A}/reset`, { method: "POST", headers: evil })).status).toBe(401);
    expect((await send(`${A}/reset`, { method: "POST", headers: { ...evil, "x-admin-key": "s3cret" } })).status).toBe(200);
    expect((await send(`${A}/reset`, { method: "POST", headers: { ...evil, authorization: "Bearer s3cret" } })).status).toBe(200);
    expect((await send(`${A}/reset`, { method: "POST", headers: { ...evil, "x-admin-key": "wrong" } })).status).toBe(401);
    // The typed client, which sends the key.
    expect(await e.admin.reset()).toEqual({ reset: true });
  });
});

describe("DNS rebinding: the admin API and the portal answer only the emulator's own host names", () => {
  let e: StartedEmulator;
  beforeAll(async () => {
    e = await startEmulator({ publicUrl: "http://emulator.test:5080", tenantHost: "tenants.test", allowedHosts: ["sod", "10.1.2.3"] });
    // Host mode: a tenant moved to a host of its own (what `sod-emulator tenants move` does).
    e.emulator.context.store.tenants.setHost("Cust54321", "moved.test");
  });
  afterAll(async () => e?.stop());

  // startEmulator hands out the public URL; the server itself listens on a loopback port.
  const local = () => `http://127.0.0.1:${e.emulator.port}`;
  const withHost = (path: string, host: string) => send(`${local()}${path}`, { headers: { host } });

  it("refuses a foreign Host: no secrets from /_emulator/v1/apps, no private key from the portal", async () => {
    const apps = await withHost("/_emulator/v1/apps", "rebind.evil.example:5080");
    expect(apps.status).toBe(403);
    expect(apps.json.error).toBe("host_not_allowed");
    expect(apps.json.message).toContain("rebind.evil.example:5080");
    expect(apps.json.message).toContain("--allowed-hosts");
    expect(apps.text).not.toContain(SEEDED_SECRET);

    const key = await withHost(`/portal/apps/${SYSTEM_APP}/private-key.pem`, "rebind.evil.example:5080");
    expect(key.status).toBe(403);
    expect(String(key.headers["content-type"])).toMatch(/^text\/html/);
    expect(key.text).toContain("rebind.evil.example:5080");
    expect(key.text).toContain("--allowed-hosts");
    expect(key.text).not.toContain("PRIVATE KEY");
    for (const host of ["evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "127.0.0.1.evil.example:80", "[::2]", "10.1.2.4"]) {
      expect((await withHost("/_emulator/v1/apps", host)).status, host).toBe(403);
      expect((await withHost("/portal/apps", host)).status, host).toBe(403);
      // The workshop shows client secrets and tokens too.
      expect((await withHost("/workshop", host)).status, host).toBe(403);
    }
  });

  it("accepts loopback names, the public URL's host, the tenant host and --allowed-hosts names", async () => {
    const p = e.emulator.port;
    for (const host of [`localhost:${p}`, `127.0.0.1:${p}`, "127.9.8.7", `[::1]:${p}`, "app.localhost", "emulator.test:5080", "EMULATOR.test", "tenants.test", "moved.test", "sod:5080", "10.1.2.3"]) {
      const apps = await withHost("/_emulator/v1/apps", host);
      expect(apps.status, `${host}: ${apps.text.slice(0, 200)}`).toBe(200);
      expect(apps.text).toContain(SEEDED_SECRET);
      const key = await withHost(`/portal/apps/${SYSTEM_APP}/private-key.pem`, host);
      expect(key.status, host).toBe(200);
      expect(key.text).toContain("PRIVATE KEY");
    }
  });

  it("leaves SuperID, the tenant API and /health to their own host rules", async () => {
    expect((await withHost("/health", "rebind.evil.example")).status).toBe(200);
    expect((await withHost("/login/.well-known/openid-configuration", "rebind.evil.example")).status).toBe(200);
  });
});

describe("restore checks the body while it streams", () => {
  let e: StartedEmulator;
  beforeAll(async () => void (e = await startEmulator()));
  afterAll(async () => e?.stop());

  /** Sends the headers and only `first` of a body declared as `declared` bytes, then waits for the answer. */
  function halfSent(declared: number, first: Buffer): Promise<{ status: number; body: any }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`http://127.0.0.1:${e.emulator.port}/_emulator/v1/restore`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream", "content-length": String(declared) },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        });
      });
      req.on("error", reject);
      req.write(first);
      // The rest of the body is never sent: an answer can only come from a server that did not wait for it.
    });
  }

  it("refuses a 10 MB body that is not SQLite after its first bytes, before the rest is sent", async () => {
    const r = await halfSent(10 * 1024 * 1024, Buffer.alloc(64 * 1024, "x"));
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^body: expected a snapshot .*SQLite/);
    // The emulator is fine afterwards.
    expect((await e.admin.tenants.list()).length).toBe(3);
  });

  it("refuses a declared size over the snapshot limit at once, SQLite header or not", async () => {
    const r = await halfSent(2 * 1024 * 1024 * 1024, Buffer.from("SQLite format 3\0", "latin1"));
    expect(r.status).toBe(413);
    expect(r.body.message).toMatch(/^body: a snapshot may be at most \d+ bytes/);
  });

  it("refuses a chunked body whose first bytes are wrong, and one that is too short to be SQLite", async () => {
    const chunked = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(Buffer.alloc(16 * 1024, 0)), // endless: only an early refusal ends it
    });
    // undici documents a body as "string | Buffer | Uint8Array | stream.Readable | Iterable | AsyncIterable | null"
    // (docs/api/Dispatcher.md) but its typings leave the iterables out; a web ReadableStream is an AsyncIterable.
    const requestIterable = request as (url: string, options: { method: Dispatcher.HttpMethod; headers: Record<string, string>; body: AsyncIterable<Uint8Array> }) => ReturnType<typeof request>;
    const r = await requestIterable(`http://127.0.0.1:${e.emulator.port}/_emulator/v1/restore`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: chunked });
    expect(r.statusCode).toBe(400);
    expect(((await r.body.json()) as { message: string }).message).toMatch(/^body:/);
    const short = await send(`${e.url}/_emulator/v1/restore`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: "SQLite" });
    expect(short.status).toBe(400);
  });
});

describe("--allowed-hosts", () => {
  it("reads comma-separated names and addresses from flags, environment and config, lower-cased", () => {
    expect(loadConfig({ env: { SOD_ALLOWED_HOSTS: "sod, Sod.Internal ,10.0.0.1,[::2]" } }).allowedHosts).toEqual(["sod", "sod.internal", "10.0.0.1", "::2"]);
    expect(loadConfig({ env: {}, flags: { allowedHosts: "emulator" } }).allowedHosts).toEqual(["emulator"]);
    expect(loadConfig({ env: {}, overrides: { allowedHosts: "a,b" } }).allowedHosts).toEqual(["a", "b"]);
    expect(loadConfig({ env: {} }).allowedHosts).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), "sod-allowed-hosts-"));
    try {
      writeFileSync(join(dir, "config.json"), JSON.stringify({ allowedHosts: ["sod", "Emulator.Internal"] }));
      expect(loadConfig({ env: {}, configFile: join(dir, "config.json") }).allowedHosts).toEqual(["sod", "emulator.internal"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses what is not a host name, naming the option", () => {
    for (const bad of ["evil.example/path", "a b", "sod,,x", "*", "http://sod"]) {
      expect(() => loadConfig({ env: {}, flags: { allowedHosts: bad } }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ env: {}, flags: { allowedHosts: bad } }), bad).toThrow(/--allowed-hosts/);
    }
  });
});
