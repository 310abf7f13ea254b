import type { EmulatorConfig } from "../config/load-config.js";
import { adminClient, AdminError, type AdminClient } from "../admin/client.js";
import { findRunningServer, type ServerFile } from "../server/server-file.js";

/**
 * A server already serving the command's data directory, and its admin API. Commands that change the store
 * go through it when there is one: the server holds the database open and caches what it read, so a
 * write behind its back (or `reset` deleting the file under it) would leave the two disagreeing.
 */
export interface RunningServer {
  file: ServerFile;
  admin: AdminClient;
}

export async function runningServer(config: EmulatorConfig): Promise<RunningServer | undefined> {
  if (config.dataDir === null) return undefined;
  const file = await findRunningServer(config.dataDir);
  return file && { file, admin: adminClient(file.localUrl, config.adminKey) };
}

/** A failed admin call as one line: the server's URL, the call, and what it answered. */
export class ServerRefused extends Error {
  readonly exitCode = 1;
}

export async function viaServer<T>(server: RunningServer, call: string, run: (admin: AdminClient) => Promise<T>): Promise<T> {
  try {
    return await run(server.admin);
  } catch (err) {
    const answer = err instanceof AdminError ? `${err.status}: ${messageOf(err.body)}` : (err as Error).message;
    const hint = err instanceof AdminError && err.status === 401 ? " (pass the server's --admin-key or SOD_ADMIN_KEY)" : "";
    throw new ServerRefused(`the emulator at ${server.file.publicUrl} serves this data directory; it refused ${call}: ${answer}${hint}`);
  }
}

function messageOf(body: unknown): string {
  if (body && typeof body === "object" && "message" in body) return String((body as { message: unknown }).message);
  return Buffer.isBuffer(body) ? body.toString("utf8").slice(0, 200) : JSON.stringify(body);
}
