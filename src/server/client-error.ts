import { maxHeaderSize } from "node:http";
import type { Duplex } from "node:stream";
import { isTenantPath, superOfficeError, type SoErrorType } from "../http/superoffice-error.js";

/** What Node's HTTP parser reports a bad request with (`clientError`); `rawPacket` is the data it choked on. */
interface ParserError extends Error {
  code?: string;
  reason?: string;
  rawPacket?: Buffer;
}

/** How long a refused client may take to close its side after our answer, before the socket is dropped. */
const LINGER_MS = 2_000;

const answered = new WeakSet<Duplex>();

/**
 * Node's HTTP parser refuses some requests before any handler sees them (an unknown method, a request line
 * and headers over 16 KB, bytes that are not HTTP) and by default answers with a bare status line. This
 * answers them as the emulator answers everything else: SuperOffice's error body on tenant paths, JSON
 * `{error, error_description}` elsewhere (`{error, message}` on the admin API), with Content-Type,
 * Content-Length and `Connection: close`. Then the socket is half-closed; the rest of what the client sends
 * is read and dropped until it closes its side, so it reads our answer instead of a reset.
 */
export function answerClientError(err: ParserError, socket: Duplex): void {
  if (answered.has(socket)) return; // the parser reports the same error for every later chunk
  answered.add(socket);
  // A reset connection, or a response still under way on it (a pipelined request after it was bad): an
  // answer now would interleave with that response, so the connection just ends, as Node would end it.
  const inFlight = (socket as { _httpMessage?: unknown })._httpMessage;
  if (err.code === "ECONNRESET" || !socket.writable || inFlight) {
    socket.destroy();
    return;
  }
  const { status, reason, errorType, message } = describe(err);
  const path = requestPath(err.rawPacket);
  const body = JSON.stringify(
    path !== undefined && isTenantPath(path)
      ? superOfficeError(errorType, message)
      : path?.toLowerCase().startsWith("/_emulator/")
        ? { error: "invalid_request", message }
        : { error: "invalid_request", error_description: message },
  );
  const head = [
    `HTTP/1.1 ${status} ${reason}`,
    "Content-Type: application/json; charset=UTF-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Cache-Control: no-store",
    "Connection: close",
  ].join("\r\n");
  const linger = setTimeout(() => socket.destroy(), LINGER_MS);
  linger.unref();
  socket.once("close", () => clearTimeout(linger));
  socket.on("error", () => socket.destroy());
  socket.end(`${head}\r\n\r\n${body}`);
}

function describe(err: ParserError): { status: number; reason: string; errorType: SoErrorType; message: string } {
  switch (err.code) {
    case "HPE_HEADER_OVERFLOW":
      return { status: 431, reason: "Request Header Fields Too Large", errorType: "RequestHeaderFieldsTooLarge", message: `The request line and headers are larger than ${maxHeaderSize} bytes` };
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return { status: 413, reason: "Payload Too Large", errorType: "RequestTooLarge", message: "The request's chunk extensions are too large" };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { status: 408, reason: "Request Timeout", errorType: "RequestTimeout", message: "The request did not arrive in time" };
    default:
      return { status: 400, reason: "Bad Request", errorType: "BadRequest", message: `Malformed HTTP request: ${err.reason ?? err.message.replace(/^Parse Error:\s*/, "")}` };
  }
}

/**
 * The path of the request line at the start of `packet`, if it has one (`METHOD target ...`; an
 * absolute-form target counts by its path). Only the first line is read; anything else is undefined.
 */
export function requestPath(packet: Buffer | undefined): string | undefined {
  if (!packet) return undefined;
  const end = packet.indexOf(10); // "\n"
  const line = packet.subarray(0, end < 0 ? Math.min(packet.length, 64 * 1024) : end).toString("latin1");
  const target = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ +(\S+)/.exec(line)?.[1];
  if (target === undefined) return undefined;
  const path = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "");
  return path.startsWith("/") ? path.split(/[?#]/)[0] : undefined;
}
