import { adminError } from "./json.js";

/** The first 16 bytes of every SQLite database file (sqlite.org/fileformat.html, "The Database Header"). */
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/**
 * Reads a snapshot being restored, checking while it streams: a body that does not start with SQLite's
 * header, or grows past `maxBytes`, is refused as soon as that shows, and the rest is never read. Reading the
 * whole body first would let any caller make the emulator buffer up to the limit (a gigabyte) to learn that
 * the first bytes were wrong.
 */
export async function readSnapshotUpload(request: Request, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => adminError("too_large", `body: a snapshot may be at most ${maxBytes} bytes`);
  const notSqlite = () => adminError("invalid_request", "body: expected a snapshot made by GET /_emulator/v1/snapshot (a SQLite database file, which starts with \"SQLite format 3\")");
  const declared = request.headers.get("content-length");
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) throw tooLarge();
    for (;;) {
      const { done, value } = (await reader?.read()) ?? { done: true, value: undefined };
      if (done) break;
      const seen = size;
      size += value.byteLength;
      if (size > maxBytes) throw tooLarge();
      // Compare the part of the header this chunk carries, so a wrong first byte is refused at once.
      if (seen < SQLITE_HEADER.length) {
        const part = value.subarray(0, SQLITE_HEADER.length - seen);
        if (!SQLITE_HEADER.subarray(seen, seen + part.length).equals(part)) throw notSqlite();
      }
      chunks.push(value);
    }
  } catch (err) {
    // Drop the unread rest; the connection then carries the refusal instead of stalling on the upload.
    await reader?.cancel().catch(() => undefined);
    throw err;
  }
  if (size < SQLITE_HEADER.length) throw notSqlite();
  return Buffer.concat(chunks, size);
}
