import { Hono } from "hono";

/** `GET /health`: answered only once the store is open and the signing key loaded (the app exists only then). */
export function healthRoutes() {
  return new Hono().get("/health", (c) => c.json({ status: "ok" }));
}
