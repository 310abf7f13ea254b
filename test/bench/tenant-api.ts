// Tenant API throughput: GET and POST of Contact over REST with a real Bearer access token (from the SuperID
// code flow, as the refresh benchmark gets its tokens), against a bare hono server answering a constant
// contact-shaped object of the same size and echoing a posted JSON body.
// One process pair, one workload at a time, the other server idle; the same closed loop as superid.ts.
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Pool } from "undici";
import { fmt, makeTempDir, removeTempDir, startServer, type ReadyServer, type Section } from "./helpers.js";
import { affinity, closedLoop, CONCURRENCY, loadPool, measureSeconds, pin, requestJob, WARM_UP_SECONDS, type Throughput } from "./load.js";
import { codeFlowTokens, webAppCredentials } from "./refresh.js";

const GET_TARGET_RATIO = 0.5;
const FIRST_START_TIMEOUT_MS = 120_000;
const CLIENT_CPU = "0";
const SERVER_CPU = "1";
const TENANT = "Cust12345";
/** Seeded contacts the GET cycles through, so the loop reads many rows, not one cached one. */
const FIRST_ID = 2;
const LAST_ID = 301;
const POST_BODY = JSON.stringify({ Name: "Bench AS", Category: { Id: 1 } });

interface Row {
  name: string;
  result: Throughput | string;
  /** Index of the reference row this one is compared with. */
  versus?: number;
}

export async function tenantApiBench(): Promise<Section> {
  const seconds = measureSeconds();
  const load = loadavg()[0]!;
  const cli = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
  if (!existsSync(cli)) throw new Error(`${cli} not found; run \`npm run build\` first`);
  const bare = fileURLToPath(new URL("./bare-hono.mjs", import.meta.url));
  const root = makeTempDir("sod-bench-tenant-api-");
  const cache = join(root, "cache");
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
    progress(`tenant-api: ${name}`);
    const result = await fn().catch((err: unknown) => (err instanceof Error ? err.message : String(err)));
    rows.push({ name, result, versus });
  };
  try {
    if (pinned) pin(process.pid, CLIENT_CPU);
    const e = await start([cli, "start", "--in-memory", "--host", "127.0.0.1", "--port", "0", "--cache-dir", cache], FIRST_START_TIMEOUT_MS);
    const tokens = await codeFlowTokens(e.server.origin, webAppCredentials(cli, cache));
    if (typeof tokens.access_token !== "string") throw new Error("the code exchange returned no access_token");
    const auth = { authorization: `Bearer ${tokens.access_token}`, accept: "application/json" };
    const json = { ...auth, "content-type": "application/json" };

    // Outside the measurement: every id answers 200 (and their mean size sizes bare hono's object), and
    // one POST works (its size sizes the echo). That POST's contact stays, like the loop's.
    const contactPath = (id: number) => `/${TENANT}/api/v1/Contact/${id}`;
    const ids = Array.from({ length: LAST_ID - FIRST_ID + 1 }, (_, i) => FIRST_ID + i);
    const getBytes = Math.round(mean(await Promise.all(ids.map((id) => bodySize(e.pool, { path: contactPath(id), headers: auth })))));
    const createPath = `/${TENANT}/api/v1/Contact`;
    const postBytes = await bodySize(e.pool, { path: createPath, method: "POST", body: POST_BODY, headers: json });

    const b = await start([bare, "0", String(getBytes), String(postBytes)]);
    const bareGetBytes = await bodySize(b.pool, { path: "/json-contact/2" });
    const barePostBytes = await bodySize(b.pool, { path: "/echo", method: "POST", body: POST_BODY, headers: { "content-type": "application/json" } });

    let next = 0;
    const cycle = (prefix: string) => () => `${prefix}${FIRST_ID + (next++ % ids.length)}`;
    await measure(`bare hono GET /json-contact/:id (${bareGetBytes} B)`, () => closedLoop(requestJob(b.pool, { path: cycle("/json-contact/") }), seconds, b.server.pid));
    await measure(
      `emulator GET ${contactPath(FIRST_ID).replace(/\d+$/, `{${FIRST_ID}..${LAST_ID}}`)} (mean ${getBytes} B)`,
      () => closedLoop(requestJob(e.pool, { path: cycle(`/${TENANT}/api/v1/Contact/`), headers: auth }), seconds, e.server.pid),
      rows.length - 1,
    );
    await measure(`bare hono POST /echo (${barePostBytes} B)`, () =>
      closedLoop(requestJob(b.pool, { path: "/echo", method: "POST", body: POST_BODY, headers: { "content-type": "application/json" } }), seconds, b.server.pid),
    );
    await measure(
      `emulator POST ${createPath} (${postBytes} B)`,
      () => closedLoop(requestJob(e.pool, { path: createPath, method: "POST", body: POST_BODY, headers: json }), seconds, e.server.pid),
      rows.length - 1,
    );
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

/** One request outside the measurement: checks it answers 200 and gives its body size in bytes. */
async function bodySize(pool: Pool, options: { path: string; method?: "GET" | "POST"; body?: string; headers?: Record<string, string> }): Promise<number> {
  const res = await pool.request({ method: "GET", ...options });
  const body = await res.body.arrayBuffer();
  if (res.statusCode !== 200) throw new Error(`${options.method ?? "GET"} ${options.path}: ${res.statusCode} ${Buffer.from(body).toString("utf8", 0, 200)}`);
  return body.byteLength;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

function report(rows: Row[], seconds: number, pinned: boolean, load: number): Section {
  const ratio = (row: Row) => {
    const base = row.versus === undefined ? undefined : rows[row.versus]?.result;
    return typeof row.result === "string" || typeof base !== "object" ? NaN : row.result.perSecond / base.perSecond;
  };
  const table = rows.map((row) => {
    const r = row.result;
    if (typeof r === "string") return [row.name, `error: ${r}`];
    const cpuMicros = (r.serverCores / r.perSecond) * 1e6;
    return [row.name, fmt(r.perSecond), Number.isFinite(ratio(row)) ? `${fmt(ratio(row), 2)}x` : "", fmt(r.serverCores, 2), fmt(cpuMicros), fmt(r.clientCores, 2), String(r.failed)];
  });
  const ratioOf = (prefix: string) => {
    const row = rows.find((r) => r.name.startsWith(prefix) && r.versus !== undefined);
    return row ? ratio(row) : NaN;
  };
  const get = ratioOf("emulator GET");
  const post = ratioOf("emulator POST");
  return {
    title: `Tenant API throughput: closed loop, ${CONCURRENCY} in flight, ${WARM_UP_SECONDS} s warm-up + ${seconds} s measured per row`,
    columns: ["workload", "per second", "vs row above", "server cores", "server CPU µs/req", "client cores", "failed"],
    rows: table,
    notes: [
      `Emulator rows: ada.admin@example.com's access token for ${TENANT} from the SuperID code flow, sent as Authorization:`,
      `Bearer with Accept: application/json. GET cycles through contact ids ${FIRST_ID}..${LAST_ID}; POST creates a contact from`,
      `${POST_BODY} (${Buffer.byteLength(POST_BODY)} B), so the tenant grows by one row per request.`,
      "Bare hono: hono + @hono/node-server answering c.json() of a constant contact-shaped object padded to the emulator's",
      "mean GET size (the id from the path put in), and for POST parsing the JSON body and answering an object of about",
      "the emulator's POST response size with the posted fields in it.",
      "Server CPU µs/req: the server child's CPU time per answered request. It does not depend on whether the client or",
      "other work on the machine kept the server below one core, so when load average is high, compare these.",
      pinned
        ? `Fairness: with taskset, each server runs on CPU ${SERVER_CPU} alone and this process (the client) on CPU ${CLIENT_CPU}.`
        : "Fairness: taskset or a second CPU is missing, so the client and the server share the CPUs; ratios understate the server.",
      `Load average (1 min) before this section: ${fmt(load, 2)} on ${cpus().length} CPUs.`,
      `Target, Contact GET >= ${GET_TARGET_RATIO * 100}% of bare hono: ${Number.isFinite(get) ? `${get >= GET_TARGET_RATIO ? "PASS" : "MISS"} (${fmt(get * 100)}%)` : "MISS (error)"}`,
      `Contact POST vs bare hono POST echo (no target): ${Number.isFinite(post) ? `${fmt(post * 100)}%` : "error"}`,
    ],
  };
}

/** Progress goes to stderr, so stdout holds only the report. */
function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
