// SuperID throughput: discovery, JWKS and the refresh grant (each one signs a fresh RS256 id_token), each against
// its floor in the same run (bare hono answering the emulator's own discovery and JWKS bytes; bare hono parsing the
// same form and signing the same id_token) and against the peers a developer might pick instead, oidc-provider and
// oauth2-mock-server (test/bench/peers.mjs). One server loaded at a time, the others idle, all on the same core.
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Pool } from "undici";
import { makeTempDir, removeTempDir, startServer, type ReadyServer, type Section } from "./helpers.js";
import { affinity, closedLoop, CONCURRENCY, interleavedLoops, loadPool, measureSeconds, pin, requestJob, ROUNDS, WARM_UP_SECONDS, type Throughput } from "./load.js";
import { idTokenModel, rawSignJob, refreshGrantBody, sampleIdToken, webAppCredentials } from "./refresh.js";
import { loadNote, targetLine, THROUGHPUT_COLUMNS, throughputTable, type ThroughputRow } from "./throughput-report.js";

/** Targets 5 and 6 (static documents), 7 (refresh grant) and 11 (peers) of issue #19. */
const STATIC_RATIO = 0.9;
const REFRESH_RATIO = 0.8;
const PEER_RATIO = 1.5;
/** The first start with an empty cache dir generates the seed data; allow for it as startup.ts does. */
const FIRST_START_TIMEOUT_MS = 120_000;
const CLIENT_CPU = "0";
const SERVER_CPU = "1";
export const PEERS = ["oidc-provider", "oauth2-mock-server"] as const;

interface Target {
  server: ReadyServer;
  pool: Pool;
}

export async function superidBench(): Promise<Section> {
  const seconds = measureSeconds();
  const load = loadavg()[0]!; // other work on the machine skews every row; say how busy it was
  const cli = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
  if (!existsSync(cli)) throw new Error(`${cli} not found; run \`npm run build\` first`);
  const bare = fileURLToPath(new URL("./bare-hono.mjs", import.meta.url));
  const peers = fileURLToPath(new URL("./peers.mjs", import.meta.url));
  const root = makeTempDir("sod-bench-superid-");
  const cache = join(root, "cache");
  // Client on one core, servers on the other: neither steals the other's CPU, and the raw signing loop later
  // gets exactly the one core the server had.
  const originalCpus = affinity(process.pid);
  const pinned = originalCpus !== undefined && cpus().length >= 2;
  const servers: ReadyServer[] = [];
  const pools: Pool[] = [];
  const rows: ThroughputRow[] = [];
  const start = async (args: string[], timeoutMs?: number): Promise<Target> => {
    const server = await startServer(args, timeoutMs);
    servers.push(server);
    if (pinned) pin(server.pid, SERVER_CPU);
    const pool = loadPool(server.origin);
    pools.push(pool);
    return { server, pool };
  };
  const measure = async (name: string, fn: () => Promise<Throughput>) => {
    progress(`superid: ${name}`);
    const result = await fn().catch((err: unknown) => (err instanceof Error ? err.message : String(err)));
    rows.push({ name, result });
  };
  /** A reference and the rows compared with it, measured in interleaved rounds (load.ts); the first row is the reference. */
  const group = async (entries: { name: string; target: Target; path: string; body?: string }[]) => {
    progress(`superid: ${entries.map((e) => e.name).join(" | ")}`);
    const jobs = entries.map((e) => ({
      job: requestJob(e.target.pool, e.body === undefined ? { path: e.path } : { path: e.path, method: "POST", body: e.body }),
      serverPid: e.target.server.pid,
    }));
    const results = await interleavedLoops(jobs, seconds);
    const reference = rows.length;
    entries.forEach((e, i) => rows.push({ name: `${e.name} ${e.body === undefined ? "GET" : "POST"} ${e.path}`, result: results[i]!, versus: i === 0 ? undefined : reference }));
  };
  try {
    if (pinned) pin(process.pid, CLIENT_CPU);
    const b = await start([bare, "0"]);
    const e = await start([cli, "start", "--in-memory", "--host", "127.0.0.1", "--port", "0", "--cache-dir", cache], FIRST_START_TIMEOUT_MS);
    const [op, mock] = [await start([peers, PEERS[0]]), await start([peers, PEERS[1]])];

    // Discovery and JWKS: the floor answers the emulator's own bytes (checked equal in length).
    for (const [label, path, peerPaths] of [
      ["discovery", "/login/.well-known/openid-configuration", ["/.well-known/openid-configuration", "/.well-known/openid-configuration"]],
      ["jwks", "/login/.well-known/jwks", ["/jwks", "/jwks"]],
    ] as const) {
      const bytes = await body(e.pool, path);
      await putDoc(b.pool, label, bytes);
      if ((await body(b.pool, `/doc/${label}`)).length !== bytes.length) throw new Error(`bare hono's /doc/${label} differs in size from the emulator's`);
      await group([
        { name: `bare hono (${label}, same ${bytes.length} B)`, target: b, path: `/doc/${label}` },
        { name: "emulator", target: e, path },
        { name: PEERS[0], target: op, path: peerPaths[0] },
        { name: PEERS[1], target: mock, path: peerPaths[1] },
      ]);
    }

    const form = await refreshGrantBody(e.server.origin, webAppCredentials(cli, cache));
    const sample = await sampleIdToken(e.server.origin, form);
    await setTokenClaims(b.pool, sample);
    await group([
      { name: "bare hono (form + one SignJWT)", target: b, path: "/token", body: form },
      { name: "emulator (refresh_token)", target: e, path: "/login/common/oauth/tokens", body: form },
      { name: `${PEERS[0]} (refresh_token)`, target: op, path: "/token", body: (await body(op.pool, "/bench/refresh-grant")).toString() },
      { name: `${PEERS[1]} (refresh_token)`, target: mock, path: "/token", body: (await body(mock.pool, "/bench/refresh-grant")).toString() },
    ]);
    const raw = rawSignJob(sample);
    await measure(`raw jose SignJWT RS256 in this process (${raw.claims} claims, ${raw.bytes} B JWT)`, () => closedLoop(raw.job, seconds));
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

/** Hands bare hono a document to answer at /doc/:key. */
async function putDoc(pool: Pool, key: string, json: Buffer): Promise<void> {
  const res = await pool.request({ path: `/doc/${key}`, method: "PUT", headers: { "content-type": "application/json" }, body: json });
  await res.body.arrayBuffer();
  if (res.statusCode !== 204) throw new Error(`PUT /doc/${key}: ${res.statusCode}`);
}

/** One GET outside the measurement: checks the route answers 200 and gives its body. */
async function body(pool: Pool, path: string): Promise<Buffer> {
  const res = await pool.request({ path, method: "GET" });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode}`);
  return bytes;
}

function report(rows: ThroughputRow[], seconds: number, pinned: boolean, load: number): Section {
  const find = (prefix: string) => rows.find((r) => r.name.startsWith(prefix));
  const group = (label: string) => {
    const at = rows.findIndex((r) => r.name.startsWith(`bare hono (${label}`));
    return at < 0 ? [] : rows.slice(at, at + 4);
  };
  /** Target 11: the emulator's row against the faster peer's (by req/s) of the same workload. */
  const versusPeers = (label: string, name: string) => {
    const [, emulator, ...peerRows] = group(label);
    const measured = peerRows.filter((r) => typeof r.result === "object");
    if (!emulator || measured.length < PEERS.length) return `Target, ${name}: MISS (not measured: a row failed)`;
    const faster = measured.reduce((a, b) => ((a.result as Throughput).perSecond >= (b.result as Throughput).perSecond ? a : b));
    return targetLine(rows, `${name} (vs ${faster.name.split(" ")[0]})`, { ...emulator, versus: rows.indexOf(faster) }, PEER_RATIO);
  };
  return {
    title: `SuperID throughput: closed loop, ${CONCURRENCY} in flight, ${seconds} s per row in ${ROUNDS} interleaved rounds (${WARM_UP_SECONDS} s warm-up first)`,
    columns: THROUGHPUT_COLUMNS,
    rows: throughputTable(rows),
    notes: [
      "Per second: HTTP 200 responses (or signatures) per second. Client: a lean HTTP/1.1 client in this process (raw-client.ts),",
      "one keep-alive connection per in-flight request, so the client is not what limits cheap rows. Server CPU µs/req: the server child's CPU time per answered request; it does not",
      "depend on how busy the machine was, so when load average is high, compare these. Cores: CPU time / wall time.",
      pinned
        ? `Fairness: with taskset, every server runs on CPU ${SERVER_CPU} (one loaded at a time) and this process on CPU ${CLIENT_CPU}.`
        : "Fairness: taskset or a second CPU is missing, so the client and the server share the CPUs; ratios understate the server.",
      "Vs reference: each row against the bare hono row of its group. Bare hono answers c.json() of the emulator's own",
      "discovery and JWKS documents (the same bytes); its POST /token splits the same form and signs the same header and",
      "claims with jose: the least a token endpoint does. The emulator's refresh grant also authenticates the client, reads",
      "the grant, user, tenant and consent, and stores the access token.",
      `Peers (test/bench/peers.mjs): ${PEERS.join(" and ")}, one client with the code and refresh grants and an RS256 key;`,
      "their refresh grant answers a new RS256 id_token (oauth2-mock-server also signs its JWT access token; oidc-provider",
      "stores an opaque one in its in-memory adapter). Their refresh tokens are minted in-process, not by a code flow.",
      loadNote(load),
      targetLine(rows, `5 discovery >= ${STATIC_RATIO * 100}% of bare hono (same bytes)`, find("emulator GET /login/.well-known/openid"), STATIC_RATIO),
      targetLine(rows, `6 JWKS >= ${STATIC_RATIO * 100}% of bare hono (same bytes)`, find("emulator GET /login/.well-known/jwks"), STATIC_RATIO),
      targetLine(rows, `7 refresh grant >= ${REFRESH_RATIO * 100}% of bare hono form + one signature`, find("emulator (refresh_token)"), REFRESH_RATIO),
      versusPeers("discovery", `11 discovery >= ${PEER_RATIO}x the faster peer`),
      versusPeers("jwks", `11 JWKS >= ${PEER_RATIO}x the faster peer`),
      versusPeers("form", `11 refresh grant >= ${PEER_RATIO}x the faster peer`),
    ],
  };
}

/** Progress goes to stderr, so stdout holds only the report. */
function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
