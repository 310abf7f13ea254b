import { Hono } from "hono";
import type { EmulatorContext } from "../emulator-context.js";

/** Workshop mode at /workshop: the whole OAuth flow told step by step, with the emulator playing the app. */
export function workshopRoutes(_ctx: EmulatorContext) {
  const app = new Hono();
  app.get("/workshop", (c) => c.text("Workshop mode is being built."));
  return app;
}
