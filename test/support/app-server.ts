import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * "The app" behind a redirect URI in browser tests: a small HTTP server on a free loopback port (the seeded
 * native app's pattern `^http://127.0.0.1\:\d{4,10}$` allows any), recording what arrives at /callback.
 */
export interface AppServer {
  /** `http://127.0.0.1:{port}/callback` */
  callback: string;
  /** Requests to /callback, oldest first (Chromium's /favicon.ico is left out). */
  requests: { url: URL; method: string }[];
  close(): Promise<void>;
}

export async function startAppServer(): Promise<AppServer> {
  const requests: AppServer["requests"] = [];
  let callback = "";
  const server = createServer((req, res) => {
    if (req.url?.startsWith("/callback")) requests.push({ url: new URL(req.url, callback), method: req.method! });
    res.writeHead(200, { "content-type": "text/html" }).end("<h1>The app got the response</h1>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  callback = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  return {
    callback,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
