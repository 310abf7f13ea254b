import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { requestPath } from "../../src/server/client-error.js";

/**
 * Requests Node's HTTP parser refuses before any route sees them (issue 12 item 4): an unknown method,
 * a URL or header over 16 KB, bytes that are not HTTP. Sent over raw sockets, since no HTTP client sends
 * them; each must get a complete answer with a body in the emulator's error shapes, and a clean close.
 */
let e: StartedEmulator;
let port: number;
beforeAll(async () => {
  e = await startEmulator();
  port = e.emulator.port;
});
afterAll(() => e?.stop());

interface RawReply {
  statusLine: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server closed its side with a FIN after the answer (not a reset). */
  ended: boolean;
}

/** Writes `bytes` on a fresh connection and reads until the server closes it. */
function rawExchange(bytes: Buffer | string): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let ended = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within 5 s; got ${JSON.stringify(Buffer.concat(chunks).toString("latin1").slice(0, 300))}`));
    }, 5_000);
    socket.on("data", (d) => chunks.push(d));
    socket.on("end", () => {
      ended = true;
      socket.end();
    });
    socket.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      if (split < 0) return reject(new Error(`no complete head: ${JSON.stringify(text.slice(0, 300))}`));
      const [statusLine, ...lines] = text.slice(0, split).split("\r\n");
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      resolve({ statusLine: statusLine!, status: Number(statusLine!.split(" ")[1]), headers, body: text.slice(split + 4), ended });
    });
    socket.write(bytes);
  });
}

function expectWellFormed(r: RawReply, status: number): unknown {
  expect(r.status, r.statusLine).toBe(status);
  expect(r.statusLine).toMatch(new RegExp(`^HTTP/1\\.1 ${status} [A-Za-z ]+$`));
  expect(r.headers["content-type"]).toMatch(/^application\/json/);
  expect(Number(r.headers["content-length"])).toBe(Buffer.byteLength(r.body));
  expect(r.headers.connection).toBe("close");
  expect(r.ended, "closed with a FIN, not a reset").toBe(true);
  return JSON.parse(r.body);
}

function expectSuperOfficeError(r: RawReply, status: number, errorType: string, message: RegExp) {
  const body = expectWellFormed(r, status) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["Error", "ErrorMessage", "ErrorSource", "ErrorType", "Message"]);
  expect(body).toMatchObject({ Error: true, ErrorType: errorType, ErrorMessage: expect.stringMatching(message), Message: expect.stringMatching(message) });
}

function expectJsonError(r: RawReply, status: number, message: RegExp, field: "error_description" | "message" = "error_description") {
  const body = expectWellFormed(r, status) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["error", field].sort());
  expect(body.error).toBe("invalid_request");
  expect(body[field]).toMatch(message);
}

const big = "A".repeat(20 * 1024);
const request = (line: string, headers = "Host: localhost\r\n") => `${line}\r\n${headers}\r\n`;

describe("requests Node's HTTP parser refuses", () => {
  it("an unknown method on a tenant path: 400 with SuperOffice's error body", async () => {
    const r = await rawExchange(request("FOO /Cust12345/api/v1/Contact/2 HTTP/1.1"));
    expectSuperOfficeError(r, 400, "BadRequest", /^Malformed HTTP request: .*method/i);
  });

  it("an unknown method elsewhere: 400 JSON, with `message` on the admin API", async () => {
    expectJsonError(await rawExchange(request("FOO /login/common/oauth/tokens HTTP/1.1")), 400, /method/i);
    expectJsonError(await rawExchange(request("FOO /_emulator/v1/clock HTTP/1.1")), 400, /method/i, "message");
  });

  it("a 20 KB URL: 431, in SuperOffice's shape on a tenant path and JSON elsewhere", async () => {
    expectSuperOfficeError(await rawExchange(request(`GET /Cust12345/api/v1/Contact/2?q=${big} HTTP/1.1`)), 431, "RequestHeaderFieldsTooLarge", /larger than 16384 bytes/);
    expectJsonError(await rawExchange(request(`GET /portal/${big} HTTP/1.1`)), 431, /larger than 16384 bytes/);
  });

  it("a 20 KB header: 431", async () => {
    const r = await rawExchange(request("GET /Cust12345/api/v1/Contact/2 HTTP/1.1", `Host: localhost\r\nX-Padding: ${big}\r\n`));
    expectSuperOfficeError(r, 431, "RequestHeaderFieldsTooLarge", /larger than 16384 bytes/);
  });

  it("bytes that are not HTTP: 400 JSON", async () => {
    const garbage = Buffer.concat([Buffer.from([0x00, 0xff, 0x16, 0x03]), randomBytes(2048)]);
    expectJsonError(await rawExchange(garbage), 400, /^Malformed HTTP request/);
  });

  it("a client that resets mid-request is dropped, and the server keeps serving", async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Half: ");
        setTimeout(() => {
          socket.resetAndDestroy();
          resolve();
        }, 50);
      });
      socket.on("error", reject);
    });
    const ok = await fetch(`${e.url}/health`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: "ok" });
  });

  it("leaves well-formed requests alone", async () => {
    const r = await rawExchange(request("GET /health HTTP/1.1", "Host: localhost\r\nConnection: close\r\n"));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ status: "ok" });
  });
});

describe("requestPath", () => {
  it("reads the path of the request line only", () => {
    expect(requestPath(Buffer.from("FOO /Cust12345/api/v1/Contact/2?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"))).toBe("/Cust12345/api/v1/Contact/2");
    expect(requestPath(Buffer.from("GET http://localhost:5080/Cust12345/api/v1/Contact/2 HTTP/1.1\r\n"))).toBe("/Cust12345/api/v1/Contact/2");
    expect(requestPath(Buffer.from(`GET /Cust12345/api/v1/${"a".repeat(100)}`))).toBe(`/Cust12345/api/v1/${"a".repeat(100)}`);
    expect(requestPath(Buffer.from("X-Padding: AAAA\r\nGET /Cust12345/api HTTP/1.1\r\n"))).toBeUndefined();
    expect(requestPath(Buffer.from([0x00, 0xff, 0x20, 0x2f]))).toBeUndefined();
    expect(requestPath(Buffer.from("GET * HTTP/1.1\r\n"))).toBeUndefined();
    expect(requestPath(undefined)).toBeUndefined();
  });
});
