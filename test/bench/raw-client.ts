// The load generator's HTTP/1.1 client: keep-alive sockets and a minimal response reader, nothing more.
// undici's Pool cost ~60 µs of client CPU per request here, so for the cheap rows (JWKS, discovery, a bare
// hono answer) one client core could not keep one server core busy and every ratio came out near 1.0x: the
// measurement was of the client. This one writes the request bytes and reads only the status line, the
// Content-Length or chunked framing, and the body's length; it is a measuring tool, not a general client
// (no redirects, no Expect, no upgrades, responses must be framed).
import { connect, type Socket } from "node:net";

export interface RawRequest {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/** One keep-alive connection, one request at a time. */
class RawConnection {
  private socket: Socket;
  private buffered: Buffer = Buffer.alloc(0);
  private pending?: { resolve: (status: number) => void; reject: (err: Error) => void };
  private failure?: Error;

  constructor(host: string, port: number) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
    const fail = (err: Error) => {
      this.failure = err;
      this.pending?.reject(err);
      this.pending = undefined;
    };
    this.socket.on("error", fail);
    this.socket.on("close", () => fail(new Error("connection closed by the server")));
  }

  get usable(): boolean {
    return !this.failure;
  }

  send(bytes: Buffer): Promise<number> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const end = responseEnd(this.buffered);
    if (end === undefined || !this.pending) return;
    const status = Number(this.buffered.toString("latin1", 9, 12));
    this.buffered = this.buffered.subarray(end);
    const { resolve } = this.pending;
    this.pending = undefined;
    resolve(status);
  }
}

/** Where the first complete response in `buf` ends, or undefined if it has not all arrived yet. */
function responseEnd(buf: Buffer): number | undefined {
  const headerEnd = buf.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const head = buf.toString("latin1", 0, headerEnd).toLowerCase();
  const bodyStart = headerEnd + 4;
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (length) {
    const end = bodyStart + Number(length[1]);
    return buf.length >= end ? end : undefined;
  }
  if (/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) {
    let at = bodyStart;
    for (;;) {
      const lineEnd = buf.indexOf(CRLF, at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(buf.toString("latin1", at, lineEnd), 16);
      if (!(size >= 0)) throw new Error(`bad chunk size line: ${JSON.stringify(buf.toString("latin1", at, lineEnd).slice(0, 40))}`);
      if (size === 0) {
        // The last chunk, then (no trailers from the servers measured) the final CRLF.
        const end = lineEnd + 4;
        return buf.length >= end ? end : undefined;
      }
      at = lineEnd + 2 + size + 2;
      if (at > buf.length) return undefined;
    }
  }
  // 204/304 or a response without framing: nothing to wait for after the head.
  return bodyStart;
}

/** A fixed set of keep-alive connections; a request takes an idle one (callers keep at most `size` in flight). */
export class RawPool {
  private idle: RawConnection[] = [];
  private readonly host: string;
  private readonly port: number;
  private readonly hostHeader: string;

  constructor(origin: string) {
    const url = new URL(origin);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.hostHeader = url.host;
  }

  async request(req: RawRequest): Promise<{ statusCode: number }> {
    let conn = this.idle.pop();
    while (conn && !conn.usable) conn = this.idle.pop();
    conn ??= new RawConnection(this.host, this.port);
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    let head = `${req.method ?? "GET"} ${req.path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\nconnection: keep-alive\r\n`;
    for (const [name, value] of Object.entries(req.headers ?? {})) head += `${name}: ${value}\r\n`;
    if (body) head += `content-length: ${body.length}\r\n`;
    head += "\r\n";
    const statusCode = await conn.send(body ? Buffer.concat([Buffer.from(head, "latin1"), body]) : Buffer.from(head, "latin1"));
    this.idle.push(conn);
    return { statusCode };
  }

  close(): void {
    for (const conn of this.idle) conn.close();
    this.idle = [];
  }
}
