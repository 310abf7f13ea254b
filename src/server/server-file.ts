import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * `{data}/server.json`: which emulator serves a data directory right now. A running server keeps its store
 * open, so a CLI command that wrote the same database file behind its back (or deleted it, as `reset` once
 * did) would leave the two disagreeing. The CLI reads this file and sends such writes through the server's
 * admin API instead. The file says where to reach the server from this machine, not the public URL (which
 * may name a host only a browser or a container resolves).
 */
export const SERVER_FILE = "server.json";

export interface ServerFile {
  pid: number;
  /** A loopback URL of the listening server, e.g. http://127.0.0.1:5080 */
  localUrl: string;
  /** The URL the emulator hands out (for messages). */
  publicUrl: string;
  /** Host mode's tenant host, when on. */
  tenantHost: string | null;
  startedAt: string;
}

/** The URL this machine reaches a server listening on host:port by. */
export function localUrlFor(host: string, port: number): string {
  const h = host === "localhost" || host === "0.0.0.0" || host === "" ? "127.0.0.1" : host === "::" ? "[::1]" : host.includes(":") ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

export function writeServerFile(dataDir: string, file: ServerFile): void {
  writeFileSync(join(dataDir, SERVER_FILE), JSON.stringify(file, null, 2) + "\n");
}

/** Removes the file if it is still this process's (a second server may have taken over the directory). */
export function removeServerFile(dataDir: string, pid = process.pid): void {
  if (readServerFile(dataDir)?.pid === pid) rmSync(join(dataDir, SERVER_FILE), { force: true });
}

export function readServerFile(dataDir: string): ServerFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, SERVER_FILE), "utf8")) as Partial<ServerFile>;
    if (typeof parsed.pid !== "number" || typeof parsed.localUrl !== "string" || typeof parsed.publicUrl !== "string") return undefined;
    return { pid: parsed.pid, localUrl: parsed.localUrl, publicUrl: parsed.publicUrl, tenantHost: parsed.tenantHost ?? null, startedAt: String(parsed.startedAt ?? "") };
  } catch {
    return undefined;
  }
}

/**
 * The server serving dataDir, if one really is: the file exists, its process is alive and its /health
 * answers. A file left by a killed server (kill -9, power loss) is stale and ignored.
 */
export async function findRunningServer(dataDir: string): Promise<ServerFile | undefined> {
  const file = readServerFile(dataDir);
  if (!file || !processAlive(file.pid)) return undefined;
  try {
    const res = await fetch(`${file.localUrl}/health`, { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return res.ok ? file : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, but another user's process.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
