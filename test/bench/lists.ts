// List queries at scale: a tenant seeded with 100,000 contacts (generated once, then reused from a
// persistent store) and the latency of OData-like list requests against it, one request at a time,
// measured at the client; a bare hono GET of a list-shaped JSON of the same size is the HTTP floor.
// Each query's SQL is then rebuilt with the emulator's own query builder (dist) and run in-process on the
// same store file, with its EXPLAIN QUERY PLAN, to split the latency into SQL and the rest.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Pool } from "undici";
import { fmt, percentile, startServer, type ReadyServer, type Section } from "./helpers.js";
import { affinity, pin } from "./load.js";
import { codeFlowTokens, webAppCredentials } from "./refresh.js";

const TARGET_P50_MS = 5;
const WARM_UP = 20;
const SAMPLES = 200;
const TENANT = "Cust10100";
const USER = "bench@example.com";
/** Generation took ~45 s on a 2-CPU container; the first start includes it. */
const FIRST_START_TIMEOUT_MS = 600_000;
const START_TIMEOUT_MS = 60_000;
const CLIENT_CPU = "0";
const SERVER_CPU = "1";
const PROFILE = { contacts: 100_000, persons: 100_000, appointments: 20_000, sales: 10_000, associates: 5 };

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Survives bench runs (and `npm ci` wipes it, which is right: a new install may generate differently). */
const BENCH_DIR = join(ROOT, "node_modules", ".cache", "sod-emulator-bench", "lists");
/** A built module of the emulator, as the child runs it (typed from its source). */
const dist = (path: string) => pathToFileURL(join(ROOT, "dist", path)).href;

interface Query {
  label: string;
  params: Record<string, string>;
  target?: boolean;
  /** Under `v1/`; `Contact` when absent. */
  path?: string;
  /** Its own p50 target, in ms (the dynamic provider's rows, issue #16). */
  targetMs?: number;
}

const SELECT = "name,category,number";
const QUERIES: Query[] = [
  { label: "name begins 'A' and category eq 1, $orderBy=name, $top=50", params: { $select: SELECT, $filter: "name begins 'A' and category eq 1", $orderBy: "name", $top: "50" }, target: true },
  // Two characters: the trigrams that begin with them (from the index's vocabulary) and the name tails of schema
  // v19. 'ab' matches no contact (a scan's worst case), 'an' thousands (the vocabulary look-up and the candidate
  // count are spent, then the ordered name index finds a page soon).
  { label: "name contains 'ab', $orderBy=name, $top=50", params: { $select: SELECT, $filter: "name contains 'ab'", $orderBy: "name", $top: "50" } },
  { label: "name contains 'an', $orderBy=name, $top=50", params: { $select: SELECT, $filter: "name contains 'an'", $orderBy: "name", $top: "50" } },
  // Three or more: narrowed by the trigram index; 'abc' matches no contact (the scan's worst case), 'ans' thousands.
  { label: "name contains 'abc', $orderBy=name, $top=50", params: { $select: SELECT, $filter: "name contains 'abc'", $orderBy: "name", $top: "50" } },
  { label: "name contains 'ans', $orderBy=name, $top=50", params: { $select: SELECT, $filter: "name contains 'ans'", $orderBy: "name", $top: "50" } },
  { label: "$orderBy=name desc, $top=50, $skip=5000", params: { $select: SELECT, $orderBy: "name desc", $top: "50", $skip: "5000" } },
  { label: "registeredDate thisYear, $orderBy=name, $top=50", params: { $select: SELECT, $filter: "registeredDate thisYear", $orderBy: "name", $top: "50" } },
  {
    label: "dynamic: contact.name, person.firstname; contact.name begins 'A' and contact.category_idx eq 1, $top=50",
    path: "Archive/dynamic",
    params: { $select: "contact.name,person.firstname", $filter: "contact.name begins 'A' and contact.category_idx eq 1", $orderBy: "contact.name", $top: "50" },
    targetMs: 10,
  },
  {
    label: "dynamic: Count(contact.contact_id) grouped by category",
    path: "Archive/dynamic",
    params: { $select: "Count(contact.contact_id):HideDetail,GroupBy(contact.category_idx):Footer,HideDetail" },
    targetMs: 10,
  },
];

interface Latency {
  p50: number;
  p95: number;
  max: number;
}

interface Row {
  name: string;
  rows?: number;
  bytes?: number;
  http?: Latency | string;
  sql?: Latency;
  plan?: string[];
}

export async function listsBench(): Promise<Section> {
  const load = loadavg()[0]!;
  const cli = join(ROOT, "dist", "cli", "main.js");
  if (!existsSync(cli)) throw new Error(`${cli} not found; run \`npm run build\` first`);
  const bare = fileURLToPath(new URL("./bare-hono.mjs", import.meta.url));
  const originalCpus = affinity(process.pid);
  const pinned = originalCpus !== undefined && cpus().length >= 2;
  const servers: ReadyServer[] = [];
  const pools: Pool[] = [];
  const rows: Row[] = [];
  const notes: string[] = [];
  let storeFile: string | undefined;
  const start = async (args: string[], timeoutMs?: number) => {
    const server = await startServer(args, timeoutMs);
    servers.push(server);
    if (pinned) pin(server.pid, SERVER_CPU);
    const pool = new Pool(server.origin, { connections: 1, pipelining: 1, keepAliveTimeout: 30_000 });
    pools.push(pool);
    return { server, pool };
  };
  try {
    if (pinned) pin(process.pid, CLIENT_CPU);
    const { seedFile, dataDir, cacheDir, image } = await benchStore();
    storeFile = join(dataDir, "store.db");
    const storeArgs = ["--seed", seedFile, "--data", dataDir];
    const emulatorArgs = [cli, "start", ...storeArgs, "--cache-dir", cacheDir, "--host", "127.0.0.1", "--port", "0"];
    const hadStore = existsSync(storeFile);
    const hadImage = existsSync(image);
    progress(hadStore ? "lists: starting the emulator on the stored 100k-contact tenant" : `lists: first run, generating the 100k-contact tenant into ${dataDir} (about a minute)`);
    let e: Awaited<ReturnType<typeof start>>;
    let reused = hadStore;
    try {
      e = await start(emulatorArgs, hadStore ? START_TIMEOUT_MS : FIRST_START_TIMEOUT_MS);
    } catch (err) {
      if (!hadStore) throw err;
      // A store an older or newer emulator left behind (e.g. a schema it cannot open): make it again.
      progress(`lists: the stored tenant did not start (${err instanceof Error ? err.message : String(err)}); re-creating it`);
      rmSync(dataDir, { recursive: true, force: true });
      reused = false;
      e = await start(emulatorArgs, FIRST_START_TIMEOUT_MS);
    }
    const how = reused ? "store reused" : hadImage ? "store created from the cached seed image" : "seed image generated and store created: the first run";
    notes.push(`Emulator ready in ${fmt(e.server.readyMs / 1000, 1)} s (${how}; store ${storeFile}).`);

    const creds = webAppCredentials(cli, cacheDir, storeArgs);
    const tokens = await codeFlowTokens(e.server.origin, creds, { username: USER, tenant: TENANT });
    if (typeof tokens.access_token !== "string") throw new Error("the code exchange returned no access_token");
    const headers = { authorization: `Bearer ${tokens.access_token}`, accept: "application/json" };

    const measured: { query: Query; path: string; rows: number; bytes: number; http: Latency | string }[] = [];
    for (const query of QUERIES) {
      const path = `/${TENANT}/api/v1/${query.path ?? "Contact"}?${Object.entries(query.params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`;
      progress(`lists: ${query.label}`);
      try {
        const first = await getOnce(e.pool, path, headers);
        const count = (JSON.parse(first.text) as { value: unknown[] }).value.length;
        measured.push({ query, path, rows: count, bytes: first.bytes, http: await sequential(e.pool, path, headers) });
      } catch (err) {
        measured.push({ query, path, rows: NaN, bytes: NaN, http: err instanceof Error ? err.message : String(err) });
      }
    }

    // The floor: the same client, one request at a time, against a list-shaped JSON of the main query's size.
    const main = measured.find((m) => m.query.target);
    const b = await start([bare, "0"]);
    const floorRows = main && Number.isFinite(main.rows) ? main.rows : 50;
    const floorPath = `/json-list?rows=${floorRows}&bytes=${main && Number.isFinite(main.bytes) ? main.bytes : 5000}`;
    progress("lists: bare hono floor");
    const floorBody = await getOnce(b.pool, floorPath, {});
    rows.push({ name: `bare hono GET /json-list (${floorRows} rows)`, rows: floorRows, bytes: floorBody.bytes, http: await sequential(b.pool, floorPath, {}) });
    for (const m of measured) rows.push({ name: m.query.label, rows: m.rows, bytes: m.bytes, http: m.http });
    if (main) notes.push(`Main query as sent: GET ${main.path}`);
    for (const m of measured) if (m.rows === 0) notes.push(`"${m.query.label}" matches no contact of the tenant: a scan's worst case (a scan reads every name).`);
  } catch (err) {
    rows.push({ name: "setup", http: err instanceof Error ? err.message : String(err) });
  } finally {
    await Promise.all(pools.map((p) => p.close()));
    await Promise.all(servers.map((s) => s.stop()));
    if (pinned) pin(process.pid, originalCpus!);
  }

  // With the emulator stopped (its WAL checkpointed): the same SQL, in this process, on the same file.
  if (storeFile && existsSync(storeFile)) {
    try {
      await explainQueries(storeFile, rows);
    } catch (err) {
      notes.push(`In-process SQL: not available (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return report(rows, notes, pinned, load);
}

/**
 * The bench seed (the default seed, a 100k-contact tenant and its user) in BENCH_DIR, and the data and
 * cache directories the emulator keeps there. The data directory is keyed by the seed's bytes and the
 * generator version, so a change to seeds/default.json or to generation makes a new store (a new schema
 * version does not: the emulator migrates the kept store in place). Other stores and seed images are
 * deleted when a new store is made, as each is ~80 MB.
 */
async function benchStore(): Promise<{ seedFile: string; dataDir: string; cacheDir: string; image: string }> {
  const seed = JSON.parse(readFileSync(join(ROOT, "seeds", "default.json"), "utf8")) as {
    description?: string;
    profiles: Record<string, unknown>;
    tenants: unknown[];
    users: unknown[];
  };
  seed.description = "sod-emulator bench seed (test/bench/lists.ts): the default seed plus Cust10100 with 100,000 contacts.";
  seed.profiles.bench100k = PROFILE;
  seed.tenants.push({ contextIdentifier: TENANT, companyName: "Hundred Thousand Benchmark AS", state: "Running", timeZone: "Europe/Oslo", profile: "bench100k" });
  seed.users.push({ username: USER, firstName: "Bench", lastName: "Marker", initials: "BM", tenants: [{ contextIdentifier: TENANT, administrator: true }] });
  const bytes = `${JSON.stringify(seed, null, 2)}\n`;
  mkdirSync(BENCH_DIR, { recursive: true });
  const seedFile = join(BENCH_DIR, "seed.json");
  if (!existsSync(seedFile) || readFileSync(seedFile, "utf8") !== bytes) writeFileSync(seedFile, bytes);

  const { GENERATOR_VERSION } = (await import(dist("seed/generator-version.js"))) as typeof import("../../src/seed/generator-version.js");
  const { SCHEMA_VERSION } = (await import(dist("store/migrations.js"))) as typeof import("../../src/store/migrations.js");
  const dataName = `data-${createHash("sha256").update(`generator ${GENERATOR_VERSION}\n`).update(bytes).digest("hex").slice(0, 16)}`;
  const dataDir = join(BENCH_DIR, dataName);
  const cacheDir = join(BENCH_DIR, "cache");
  // The name open-store.ts gives this seed's image (seedKey() there); if that changes, the worst case is
  // that a usable image is deleted below and generated again.
  const imageKey = createHash("sha256").update(`generator ${GENERATOR_VERSION}; schema ${SCHEMA_VERSION}\n`).update(bytes).digest("hex");
  const image = join(cacheDir, `seed-${imageKey.slice(0, 32)}.sqlite`);
  mkdirSync(cacheDir, { recursive: true });
  if (!existsSync(join(dataDir, "store.db"))) {
    for (const name of readdirSync(BENCH_DIR)) if (name.startsWith("data-") && name !== dataName) rmSync(join(BENCH_DIR, name), { recursive: true, force: true });
    for (const name of readdirSync(cacheDir)) if (join(cacheDir, name) !== image) rmSync(join(cacheDir, name), { force: true });
  }
  return { seedFile, dataDir, cacheDir, image };
}

async function getOnce(pool: Pool, path: string, headers: Record<string, string>): Promise<{ text: string; bytes: number }> {
  const res = await pool.request({ path, method: "GET", headers });
  const body = Buffer.from(await res.body.arrayBuffer());
  const text = body.toString("utf8");
  if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode} ${text.slice(0, 200)}`);
  return { text, bytes: body.byteLength };
}

/** WARM_UP requests, then SAMPLES timed ones, one at a time on one keep-alive connection. */
async function sequential(pool: Pool, path: string, headers: Record<string, string>): Promise<Latency> {
  for (let i = 0; i < WARM_UP; i++) await getOnce(pool, path, headers);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await getOnce(pool, path, headers);
    samples.push(performance.now() - t);
  }
  return latency(samples);
}

function latency(samples: number[]): Latency {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples) };
}

/**
 * Rebuilds each query's SQL and parameters with the emulator's archive builder (from dist, as the child
 * ran it), then times that statement in-process on the store file and records its query plan.
 */
async function explainQueries(storeFile: string, rows: Row[]): Promise<void> {
  const { archiveQuery } = (await import(dist("tenant-api/archive/archive-query.js"))) as typeof import("../../src/tenant-api/archive/archive-query.js");
  const { archiveQueryRepository } = (await import(dist("store/archive-queries.js"))) as typeof import("../../src/store/archive-queries.js");
  const { providerByName } = (await import(dist("tenant-api/archive/providers/index.js"))) as typeof import("../../src/tenant-api/archive/providers/index.js");
  const { dateCodec } = (await import(dist("tenant-api/json/dates.js"))) as typeof import("../../src/tenant-api/json/dates.js");
  const { dynamicStatement } = (await import(dist("tenant-api/archive/dynamic/run-dynamic.js"))) as typeof import("../../src/tenant-api/archive/dynamic/run-dynamic.js");
  const provider = providerByName("SimpleContact");
  if (!provider) throw new Error("no SimpleContact provider");
  const { openDatabase } = (await import(dist("store/database.js"))) as typeof import("../../src/store/database.js");
  // Opened as the emulator opens it, so the SQL functions it registers (e.g. for case folding) exist here too.
  const db = openDatabase({ file: storeFile });
  try {
    const archive = archiveQueryRepository(db);
    for (const query of QUERIES) {
      const row = rows.find((r) => r.name === query.label);
      if (!row) continue;
      const param = (name: string) => query.params[name];
      // The query the emulator's builder describes, and the statement the store makes of it.
      const asked = { select: param("$select"), filter: param("$filter"), orderBy: param("$orderBy"), top: param("$top"), skip: param("$skip") };
      const env = { archive, contextIdentifier: TENANT, dates: dateCodec("Europe/Oslo"), apiBase: "http://localhost/api/v1", timeZone: "Europe/Oslo", nowMs: Date.now(), currentAssociateId: 1 };
      const built = query.path === "Archive/dynamic" ? undefined : archiveQuery(provider, asked, env).query;
      const { sql, params: bind } = built ? archive.page(built) : dynamicStatement(asked, env);
      const statement = db.prepare(sql);
      // A Contact row is timed as the store runs it (archive.rows: choosing the plan, e.g. a short needle's
      // trigram look-up and candidate count, then the page); a dynamic row's statement alone.
      const run = built ? () => archive.rows(built) : () => statement.all(bind);
      for (let i = 0; i < WARM_UP; i++) run();
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const t = performance.now();
        run();
        samples.push(performance.now() - t);
      }
      row.sql = latency(samples);
      row.plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(bind) as { detail: string }[]).map((p) => p.detail);
    }
  } finally {
    db.close();
  }
}

function report(rows: Row[], extraNotes: string[], pinned: boolean, load: number): Section {
  const table = rows.map((row) => {
    const http = row.http;
    if (typeof http === "string" || http === undefined) return [row.name, `error: ${http ?? "not measured"}`];
    return [row.name, fmt(row.rows ?? NaN), fmt(row.bytes ?? NaN), fmt(http.p50, 2), fmt(http.p95, 2), fmt(http.max, 2), row.sql ? fmt(row.sql.p50, 2) : "-"];
  });
  const floor = rows.find((r) => r.name.startsWith("bare hono"));
  const floorP50 = typeof floor?.http === "object" ? floor.http.p50 : NaN;
  const count = (n: number) => n.toLocaleString("en");
  const notes = [
    `Tenant ${TENANT}: ${count(PROFILE.contacts)} contacts, ${count(PROFILE.persons)} persons, ${count(PROFILE.appointments)} appointments, ${count(PROFILE.sales)} sales,`,
    `${PROFILE.associates} associates: the default seed plus this tenant and its user ${USER}, generated on the first run into`,
    `${BENCH_DIR}, whose store later runs reuse.`,
    `Requests: GET /${TENANT}/api/v1/Contact?$select=${SELECT}&<row>, with ${USER}'s access token from the SuperID`,
    `code flow; ${WARM_UP} warm-up requests, then ${SAMPLES} timed, one at a time on one keep-alive connection, measured at the`,
    "client (request sent to body read). Bare hono: GET of an archive-shaped envelope of the same rows and size, the",
    "floor for HTTP and JSON.",
    "SQL p50: the query the emulator's archive builder makes for the row, run in this process on the same store file",
    "(better-sqlite3, prepared once) as the store runs it (choosing its plan included; for the dynamic rows the",
    "statement alone), so HTTP p50 - SQL p50 is the rest of the request (routing, auth, JSON).",
    ...extraNotes,
    pinned
      ? `Fairness: with taskset, each server runs on CPU ${SERVER_CPU} alone and this process (the client) on CPU ${CLIENT_CPU}.`
      : "Fairness: taskset or a second CPU is missing, so the client and the server share the CPUs.",
    `Load average (1 min) before this section: ${fmt(load, 2)} on ${cpus().length} CPUs.`,
    "",
    "Query plans (EXPLAIN QUERY PLAN of the SQL above):",
    ...rows.filter((r) => r.plan).map((r) => `  ${r.name}: ${r.plan!.join("; ")}`),
    "",
    // Target 10 of issue #19: every Contact row, contains and deep $skip included; the dynamic rows have their own.
    ...QUERIES.filter((q) => q.targetMs === undefined).map((q) => {
      const http = rows.find((r) => r.name === q.label)?.http;
      const p = typeof http === "object" ? http.p50 : NaN;
      return `Target, 10 ${q.label} p50 <= ${TARGET_P50_MS} ms: ${Number.isFinite(p) ? `${p <= TARGET_P50_MS ? "PASS" : "MISS"} (${fmt(p, 2)} ms; bare hono floor ${fmt(floorP50, 2)} ms)` : "MISS (error)"}`;
    }),
    ...QUERIES.filter((q) => q.targetMs !== undefined).map((q) => {
      const http = rows.find((r) => r.name === q.label)?.http;
      const p = typeof http === "object" ? http.p50 : NaN;
      return `Target, ${q.label} p50 <= ${q.targetMs} ms: ${Number.isFinite(p) ? `${p <= q.targetMs! ? "PASS" : "MISS"} (${fmt(p, 2)} ms)` : "MISS (error)"}`;
    }),
  ];
  return {
    title: `List queries on a ${PROFILE.contacts.toLocaleString("en")}-contact tenant: sequential, ${WARM_UP} warm-up + ${SAMPLES} timed requests per row`,
    columns: ["query", "rows", "bytes", "p50 ms", "p95 ms", "max ms", "SQL p50 ms"],
    rows: table,
    notes,
  };
}

/** Progress goes to stderr, so stdout holds only the report. */
function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
