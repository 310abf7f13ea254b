// SuperID throughput: discovery and JWKS req/s against a bare hono server serving JSON of the same size,
// and refresh-grant req/s (each one signs a fresh RS256 id_token) against a raw jose signing loop.
// Everything runs in one process pair per server, one workload at a time, the other server idle.
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Pool } from "undici";
import { fmt, makeTempDir, removeTempDir, startServer, type ReadyServer, type Section } from "./helpers.js";
import { affinity, closedLoop, CONCURRENCY, loadPool, measureSeconds, pin, requestJob, WARM_UP_SECONDS, type Throughput } from "./load.js";
import { idTokenModel, rawSignJob, refreshGrantBody, sampleIdToken, webAppCredentials } from "./refresh.js";

const TARGET_RATIO = 0.8;
/** The first start with an empty cache dir generates the seed data; allow for it as startup.ts does. */
const FIRST_START_TIMEOUT_MS = 120_000;
const CLIENT_CPU = "0";
const SERVER_CPU = "1";

interface Row {
  name: string;
  result: Throughput | string;
  /** Index of the reference row this one is compared with (the ratio and its target). */
  versus?: number;
}

export async function superidBench(): Promise<Section> {
  const seconds = measureSeconds();
  const load = loadavg()[0]!; // other work on the machine skews every row; say how busy it was
  const cli = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
  if (!existsSync(cli)) throw new Error(`${cli} not found; run \`npm run build\` first`);
  const bare = fileURLToPath(new URL("./bare-hono.mjs", import.meta.url));
  const root = makeTempDir("sod-bench-superid-");
  const cache = join(root, "cache");
  // Client on one core, server on the other: neither steals the other's CPU, and the raw signing loop later
  // gets exactly the one core the server had.
  const originalCpus = affinity(process.pid);
  const pinned = originalCpus !== undefined && cpus().length >= 2;
  const servers: ReadyServer[] = [];
  const pools: Pool[] = [];
  const rows: Row[] = [];
  const start = async (args: string[], timeoutMs?: number) => {
    const server = await startServer(args, timeoutMs);
    servers.push(server);
    if (pinned) pin(server.pid, SERVER_CPU);
    const pool = loadPool(server.origin);
    pools.push(pool);
    return { server, pool };
  };
  const measure = async (name: string, fn: () => Promise<Throughput>, versus?: number) => {
    progress(`superid: ${name}`);
    const result = await fn().catch((err: unknown) => (err instanceof Error ? err.message : String(err)));
    rows.push({ name, result, versus });
  };
  try {
    if (pinned) pin(process.pid, CLIENT_CPU);
    const b = await start([bare, "0"]);
    const e = await start([cli, "start", "--in-memory", "--host", "127.0.0.1", "--port", "0", "--cache-dir", cache], FIRST_START_TIMEOUT_MS);
    const get = async (name: string, target: { server: ReadyServer; pool: Pool }, path: string, versus?: number) => {
      const size = await bodySize(target.pool, path);
      await measure(`${name} GET ${path} (${size} B)`, () => closedLoop(requestJob(target.pool, { path }), seconds, target.server.pid), versus);
    };
    await get("bare hono", b, "/json");
    await get("emulator", e, "/login/.well-known/openid-configuration", rows.length - 1);
    await get("bare hono", b, "/json-large");
    await get("emulator", e, "/login/.well-known/jwks", rows.length - 1);

    const body = await refreshGrantBody(e.server.origin, webAppCredentials(cli, cache));
    const sample = await sampleIdToken(e.server.origin, body);
    const raw = rawSignJob(sample);
    await measure(`raw jose SignJWT RS256 (${raw.claims} claims, ${raw.bytes} B JWT)`, () => closedLoop(raw.job, seconds));
    const rawRow = rows.length - 1;
    await setTokenClaims(b.pool, sample);
    const ceiling = requestJob(b.pool, { path: "/token", method: "POST", body });
    await measure("bare hono POST /token (form + one SignJWT)", () => closedLoop(ceiling, seconds, b.server.pid), rawRow);
    const tokens = requestJob(e.pool, { path: "/login/common/oauth/tokens", method: "POST", body });
    await measure("emulator POST /login/common/oauth/tokens (refresh_token)", () => closedLoop(tokens, seconds, e.server.pid), rawRow);
  } catch (err) {
    rows.push({ name: "setup", result: err instanceof Error ? err.message : String(err) });
  } finally {
    await Promise.all(pools.map((p) => p.close()));
    await Promise.all(servers.map((s) => s.stop()));
    if (pinned) pin(process.pid, originalCpus!);
    removeTempDir(root);
  }
  return report(rows, seconds, pinned, load);
}

/** Gives the bare server's POST /token the emulator's id_token header and claims to sign. */
async function setTokenClaims(pool: Pool, idToken: string): Promise<void> {
  const res = await pool.request({ path: "/token-claims", method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(idTokenModel(idToken)) });
  await res.body.arrayBuffer();
  if (res.statusCode !== 204) throw new Error(`PUT /token-claims: ${res.statusCode}`);
}

/** One GET outside the measurement: checks the route answers 200 and gives its body size for the table. */
async function bodySize(pool: Pool, path: string): Promise<number> {
  const res = await pool.request({ path, method: "GET" });
  const body = await res.body.arrayBuffer();
  if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode}`);
  return body.byteLength;
}

function report(rows: Row[], seconds: number, pinned: boolean, load: number): Section {
  const ratio = (row: Row) => {
    const base = row.versus === undefined ? undefined : rows[row.versus]?.result;
    return typeof row.result === "string" || typeof base !== "object" ? NaN : row.result.perSecond / base.perSecond;
  };
  const table = rows.map((row) => {
    const r = row.result;
    if (typeof r === "string") return [row.name, `error: ${r}`];
    return [row.name, fmt(r.perSecond), Number.isFinite(ratio(row)) ? `${fmt(ratio(row), 2)}x` : "", fmt(r.serverCores, 2), fmt(r.clientCores, 2), String(r.failed)];
  });
  const verdict = (prefix: string, what: string) => {
    const row = rows.find((r) => r.name.startsWith(prefix) && r.versus !== undefined);
    const value = row ? ratio(row) : NaN;
    return `Target, ${what}: ${Number.isFinite(value) ? `${value >= TARGET_RATIO ? "PASS" : "MISS"} (${fmt(value * 100)}%)` : "MISS (error)"}`;
  };
  return {
    title: `SuperID throughput: closed loop, ${CONCURRENCY} in flight, ${WARM_UP_SECONDS} s warm-up + ${seconds} s measured per row`,
    columns: ["workload", "per second", "ratio", "server cores", "client cores", "failed"],
    rows: table,
    notes: [
      "Per second: HTTP 200 responses (or signatures) per second. Client: undici Pool in this process, one keep-alive",
      "connection per in-flight request. Cores: CPU time / wall time of the server child and of this process; client",
      "cores near 1.00 mean the client was the limit, so that row's figure is a lower bound for the server.",
      pinned
        ? `Fairness: with taskset, each server runs on CPU ${SERVER_CPU} alone and this process (client, raw loop) on CPU ${CLIENT_CPU},\n` +
          `so the client's CPU is not taken from the server; the raw loop (${CONCURRENCY} signatures in flight, like the server's\n` +
          `${CONCURRENCY} requests) gets one core, as the server does. Signing runs on libuv's pool in both, inside that one core.`
        : "Fairness: taskset or a second CPU is missing, so the client and the server share the CPUs; ratios understate the server.",
      "Ratio: each GET against the bare hono row above it; both POST rows against the raw signing loop.",
      "Bare hono: hono + @hono/node-server answering c.json() of a constant object of about the same size; its POST",
      "/token splits the same form and signs the same header and claims with jose, the least a token endpoint does.",
      ceilingNote(rows),
      `Load average (1 min) before this section: ${fmt(load, 2)} on ${cpus().length} CPUs.`,
      verdict("emulator GET /login/.well-known/openid-configuration", `discovery >= ${TARGET_RATIO * 100}% of bare hono`),
      verdict("emulator GET /login/.well-known/jwks", `JWKS >= ${TARGET_RATIO * 100}% of bare hono`),
      verdict("emulator POST", `refresh grant >= ${TARGET_RATIO * 100}% of raw signing`),
    ],
  };
}

/** How far below the raw loop a token endpoint must fall anyway, and where the emulator stands against that. */
function ceilingNote(rows: Row[]): string {
  const perSecond = (prefix: string) => {
    const r = rows.find((row) => row.name.startsWith(prefix))?.result;
    return typeof r === "object" ? r.perSecond : NaN;
  };
  const raw = perSecond("raw jose");
  const bare = perSecond("bare hono POST /token");
  const emulator = perSecond("emulator POST");
  if (![raw, bare, emulator].every(Number.isFinite)) return "Ceiling: not measured (a row failed).";
  return `Ceiling: bare hono + one signature reaches ${fmt((bare / raw) * 100)}% of raw signing; the emulator's refresh grant (which also authenticates the client, reads the grant, user, tenant and consent, and stores the access token) reaches ${fmt((emulator / bare) * 100)}% of that.`;
}

/** Progress goes to stderr, so stdout holds only the report. */
function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
