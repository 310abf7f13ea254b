import { createAdaptorServer } from "@hono/node-server";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { answerClientError } from "./client-error.js";

export interface Listening {
  port: number;
  /** Stops accepting connections, lets in-flight requests finish (at most `graceMs`), then resolves. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Serves a fetch handler over node:http on host:port (port 0 picks a free one). The host `localhost`
 * binds both loopback addresses on the same port: browsers try `::1` for localhost as well as 127.0.0.1,
 * and every URL the emulator hands out says localhost by default.
 */
/** hono's app.fetch as node-server calls it: the request, and the node request and response as bindings. */
export type FetchHandler = (request: Request, env: object) => Response | Promise<Response>;

export async function listen(fetch: FetchHandler, host: string, port: number): Promise<Listening> {
  const primary = await bind(fetch, host === "localhost" ? "127.0.0.1" : host, port);
  const servers = [primary];
  const boundPort = (primary.address() as AddressInfo).port;
  if (host === "localhost") {
    // Best effort: a machine without IPv6, or with ::1 taken on that port, still serves on 127.0.0.1.
    await bind(fetch, "::1", boundPort).then((s) => servers.push(s), () => undefined);
  }
  return { port: boundPort, close: (graceMs = 10_000) => Promise.all(servers.map((s) => closeGracefully(s, graceMs))).then(() => undefined) };
}

async function bind(fetch: FetchHandler, host: string, port: number): Promise<Server> {
  const server = createAdaptorServer({ fetch }) as Server;
  server.on("clientError", answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}

function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    // Keep-alive connections hold close() open; end each as soon as it has no request in flight.
    const sweep = setInterval(() => server.closeIdleConnections(), 20);
    server.close(() => {
      clearTimeout(force);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
