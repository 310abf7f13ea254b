import { Hono, type Context } from "hono";
import { notFound, onError } from "./fallbacks.js";

/**
 * Mounts a sub-app that is only imported on its first request. Start-up time is part of the product
 * (test suites start the emulator often), and the portal, the admin API and the system-user endpoints are
 * rarely what a run touches first. The sub-app routes with the main app's path rules.
 */
export function lazyRoutes(paths: string[], load: () => Promise<Hono>, getPath: (request: Request) => string): Hono {
  let loaded: Promise<Hono> | undefined;
  const handler = async (c: Context) => {
    loaded ??= load().then((app) => {
      const routed = new Hono({ getPath });
      routed.route("/", app);
      // The main app's answers for unknown routes and failures, not hono's plain-text defaults.
      routed.notFound(notFound);
      routed.onError(onError);
      return routed;
    });
    return (await loaded).fetch(c.req.raw, c.env);
  };
  const app = new Hono();
  for (const path of paths) app.all(path, handler);
  return app;
}
