import { spawn } from "node:child_process";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, cleanEnv, runCli, tempDir } from "../support/cli.js";

/**
 * src/emulator.ts binds the port first and opens the store meanwhile (issue #19: the bind's first IPv6 check
 * runs while the seed image is read). A connection that arrives before the store is open waits for it and
 * is answered as usual; a taken port still fails the start with the CLI's message.
 */
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Connects as soon as the port takes connections (retrying refusals every few ms). */
async function connectWhenBound(port: number, deadline: number): Promise<Socket> {
  for (;;) {
    const socket = connect(port, "127.0.0.1");
    const ok = await new Promise<boolean>((resolve) => {
      socket.once("connect", () => resolve(true));
      socket.once("error", () => resolve(false));
    });
    if (ok) return socket;
    socket.destroy();
    if (Date.now() > deadline) throw new Error(`nothing listened on ${port}`);
    await sleep(3);
  }
}

/** Sends one request and reads the whole answer (Connection: close). */
function exchange(socket: Socket, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (answer += chunk));
    socket.once("end", () => resolve(answer));
    socket.once("error", reject);
    socket.write(request);
  });
}

describe("sod-emulator start binds its port before the store is open", () => {
  it("takes a connection while it makes the store from the seed, and answers it once ready", async () => {
    // An empty cache directory: the seed image is generated now (faker, some hundreds of ms), after the bind.
    const cache = tempDir("sod-bind-first-");
    cleanups.push(cache.cleanup);
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, "start", "--in-memory", "--host", "127.0.0.1", "--port", String(port), "--cache-dir", cache.dir], { env: cleanEnv() });
    cleanups.push(() => {
      child.kill("SIGKILL");
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));

    const socket = await connectWhenBound(port, Date.now() + 60_000);
    // Making the seed's store takes over a second here; a start that bound only when ready says so at once.
    await sleep(150);
    const readySoonAfterConnecting = output.includes("sod-emulator ready at");
    const answer = await exchange(socket, `GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);

    expect(readySoonAfterConnecting, output).toBe(false);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"status":"ok"');
  }, 90_000);

  it("fails the start, saying the port is in use, when another server holds it", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const { port } = blocker.address() as AddressInfo;

    const result = await runCli(["start", "--in-memory", "--host", "127.0.0.1", "--port", String(port)], { timeoutMs: 60_000 });

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("port already in use");
    expect(result.stdout).not.toContain("sod-emulator ready at");
  }, 90_000);
});
