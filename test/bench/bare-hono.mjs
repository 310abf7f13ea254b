// The reference point for the startup benchmark: the smallest hono + @hono/node-server app that answers
// the same GET /health as the emulator. Plain JS so node runs it directly, with no build or loader cost.
// Usage: node test/bench/bare-hono.mjs PORT   (0 lets the OS pick a free port)
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const port = Number(process.argv[2] ?? 0);
const app = new Hono().get("/health", (c) => c.json({ status: "ok" }));

const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, (info) => {
  // Same shape as the emulator's ready line, so the harness parses both alike.
  console.log(`bare ready at http://localhost:${info.port}`);
});

process.once("SIGTERM", () => {
  // The harness's keep-alive connection would otherwise hold close() open.
  server.close(() => process.exit(0));
  if ("closeIdleConnections" in server) server.closeIdleConnections();
});
