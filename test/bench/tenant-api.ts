// Tenant API throughput: GET and POST of Contact over REST with a real Bearer access token (from the SuperID
// code flow, as the refresh benchmark gets its tokens), against a bare hono server answering the emulator's own
// contact bodies (the same bytes) and echoing a posted JSON body (issue #19 targets 8 and 9).
// One process pair, one workload at a time, the other server idle; the same closed loop as superid.ts.
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Pool } from "undici";
import { makeTempDir, removeTempDir, startServer, type ReadyServer, type Section } from "./helpers.js";
import { affinity, CONCURRENCY, interleavedLoops, loadPool, measureSeconds, pin, requestJob, ROUNDS, WARM_UP_SECONDS, type LoopSpec } from "./load.js";
import { codeFlowTokens, webAppCredentials } from "./refresh.js";
import { loadNote, targetLine, THROUGHPUT_COLUMNS, throughputTable, type ThroughputRow } from "./throughput-report.js";

const GET_TARGET_RATIO = 0.8;
const POST_TARGET_RATIO = 0.4;
const FIRST_START_TIMEOUT_MS = 120_000;
const CLIENT_CPU = "0";
const SERVER_CPU = "1";
const TENANT = "Cust12345";
/** Seeded contacts the GET cycles through, so the loop reads many rows, not one cached one. */
const FIRST_ID = 2;
const LAST_ID = 301;
const POST_BODY = JSON.stringify({ Name: "Bench AS", Category: { Id: 1 } });

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
  const rows: ThroughputRow[] = [];
  const start = async (args: string[], timeoutMs?: number) => {
    const server = await startServer(args, timeoutMs);
    servers.push(server);
    if (pinned) pin(server.pid, SERVER_CPU);
    const pool = loadPool(server.origin);
    pools.push(pool);
    return { server, pool };
  };
  /** A reference and the row compared with it, measured in interleaved rounds (load.ts). */
  const pair = async (reference: { name: string; spec: LoopSpec }, compared: { name: string; spec: LoopSpec }) => {
    progress(`tenant-api: ${reference.name} | ${compared.name}`);
    const [base, measured] = await interleavedLoops([reference.spec, compared.spec], seconds);
    rows.push({ name: reference.name, result: base! }, { name: compared.name, result: measured!, versus: rows.length });
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
    const contacts = await Promise.all(ids.map((id) => body(e.pool, { path: contactPath(id), headers: auth })));
    const getBytes = Math.round(mean(contacts.map((c) => c.length)));
    const createPath = `/${TENANT}/api/v1/Contact`;
    const postBytes = (await body(e.pool, { path: createPath, method: "POST", body: POST_BODY, headers: json })).length;

    const b = await start([bare, "0", String(getBytes), String(postBytes)]);
    // The floor answers each contact's own bytes from /doc/contact-<id>.
    for (const [i, id] of ids.entries()) {
      await body(b.pool, { path: `/doc/contact-${id}`, method: "PUT", body: contacts[i], headers: { "content-type": "application/json" } }, 204);
      if ((await body(b.pool, { path: `/doc/contact-${id}` })).length !== contacts[i]!.length) throw new Error(`bare hono's contact ${id} differs in size`);
    }
    const barePostBytes = (await body(b.pool, { path: "/echo", method: "POST", body: POST_BODY, headers: { "content-type": "application/json" } })).length;

    let next = 0;
    const cycle = (prefix: string) => () => `${prefix}${FIRST_ID + (next++ % ids.length)}`;
    await pair(
      { name: `bare hono GET /doc/contact-{${FIRST_ID}..${LAST_ID}} (same bytes, mean ${getBytes} B)`, spec: { job: requestJob(b.pool, { path: cycle("/doc/contact-") }), serverPid: b.server.pid } },
      {
        name: `emulator GET ${contactPath(FIRST_ID).replace(/\d+$/, `{${FIRST_ID}..${LAST_ID}}`)} (mean ${getBytes} B)`,
        spec: { job: requestJob(e.pool, { path: cycle(`/${TENANT}/api/v1/Contact/`), headers: auth }), serverPid: e.server.pid },
      },
    );
    await pair(
      { name: `bare hono POST /echo (${barePostBytes} B)`, spec: { job: requestJob(b.pool, { path: "/echo", method: "POST", body: POST_BODY, headers: { "content-type": "application/json" } }), serverPid: b.server.pid } },
      { name: `emulator POST ${createPath} (${postBytes} B)`, spec: { job: requestJob(e.pool, { path: createPath, method: "POST", body: POST_BODY, headers: json }), serverPid: e.server.pid } },
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

/** One request outside the measurement: checks its status (200 unless told) and gives its body. */
async function body(pool: Pool, options: { path: string; method?: "GET" | "POST" | "PUT"; body?: string | Buffer; headers?: Record<string, string> }, status = 200): Promise<Buffer> {
  const res = await pool.request({ method: "GET", ...options });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode !== status) throw new Error(`${options.method ?? "GET"} ${options.path}: ${res.statusCode} ${bytes.toString("utf8", 0, 200)}`);
  return bytes;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

function report(rows: ThroughputRow[], seconds: number, pinned: boolean, load: number): Section {
  const find = (prefix: string) => rows.find((r) => r.name.startsWith(prefix) && r.versus !== undefined);
  return {
    title: `Tenant API throughput: closed loop, ${CONCURRENCY} in flight, ${seconds} s per row in ${ROUNDS} interleaved rounds (${WARM_UP_SECONDS} s warm-up first)`,
    columns: THROUGHPUT_COLUMNS,
    rows: throughputTable(rows),
    notes: [
      `Emulator rows: ada.admin@example.com's access token for ${TENANT} from the SuperID code flow, sent as Authorization:`,
      `Bearer with Accept: application/json. GET cycles through contact ids ${FIRST_ID}..${LAST_ID}; POST creates a contact from`,
      `${POST_BODY} (${Buffer.byteLength(POST_BODY)} B), so the tenant grows by one row per request.`,
      "Bare hono: hono + @hono/node-server answering c.json() of each contact's own body as the emulator sent it (the same",
      "bytes, the id read from the path), and for POST parsing the JSON body and answering an object of about the emulator's",
      "POST response size with the posted fields in it.",
      "Server CPU µs/req: the server child's CPU time per answered request. It does not depend on whether the client or",
      "other work on the machine kept the server below one core, so when load average is high, compare these.",
      pinned
        ? `Fairness: with taskset, each server runs on CPU ${SERVER_CPU} alone and this process (the client) on CPU ${CLIENT_CPU}.`
        : "Fairness: taskset or a second CPU is missing, so the client and the server share the CPUs; ratios understate the server.",
      loadNote(load),
      targetLine(rows, `8 Contact GET >= ${GET_TARGET_RATIO * 100}% of bare hono (same bytes)`, find("emulator GET"), GET_TARGET_RATIO),
      targetLine(rows, `9 Contact POST >= ${POST_TARGET_RATIO * 100}% of a bare hono JSON echo`, find("emulator POST"), POST_TARGET_RATIO),
    ],
  };
}

/** Progress goes to stderr, so stdout holds only the report. */
function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
