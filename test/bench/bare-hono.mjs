// The reference point for the benchmarks: the smallest hono + @hono/node-server app that answers the same
// GET /health as the emulator, plus GET /json and /json-large, JSON documents about the size of the
// emulator's discovery document (~850 B) and JWKS (~1.6 KB), for the throughput section.
// Plain JS so node runs it directly, with no build or loader cost.
// Usage: node test/bench/bare-hono.mjs PORT   (0 lets the OS pick a free port)
import { serve } from "@hono/node-server";
import { Hono } from "hono";

/** 14 fields, strings and string arrays like discovery's, padded until the JSON is at least `bytes` long. */
function documentOfSize(bytes) {
  for (let width = 1; ; width++) {
    const doc = {};
    for (let i = 0; i < 14; i++) doc[`field_${i}`] = i % 2 ? ["a", "b", "c"].map((s) => s.repeat(width)) : `v${i}`.padEnd(width * 2, "x");
    if (JSON.stringify(doc).length >= bytes) return doc;
  }
}

const port = Number(process.argv[2] ?? 0);
const small = documentOfSize(845);
const large = documentOfSize(1610);
const app = new Hono()
  .get("/health", (c) => c.json({ status: "ok" }))
  .get("/json", (c) => c.json(small))
  .get("/json-large", (c) => c.json(large));

const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, (info) => {
  // Same shape as the emulator's ready line, so the harness parses both alike.
  console.log(`bare ready at http://localhost:${info.port}`);
});

process.once("SIGTERM", () => {
  // The harness's keep-alive connection would otherwise hold close() open.
  server.close(() => process.exit(0));
  if ("closeIdleConnections" in server) server.closeIdleConnections();
});
