import type { Env, Hono, MiddlewareHandler } from "hono";

/**
 * Adds a product's routes to `app` itself, but only when a request first reaches one of `paths`; until then
 * its code is not even imported. Unlike lazyRoutes (a sub-app answering on its own), the routes join the
 * app's own table, so they run in the same request context as the app's middleware (the activity log reads
 * the tenant and principal they set) with no second dispatch. Call it before any other middleware or route,
 * and load the routes only after everything else is registered: the placeholder then runs first, and the
 * routes, appended when loaded, sit last in the table, where they would have been had they been added at start.
 * The app must route with TrieRouter: hono's other routers refuse routes added after the first request.
 * The tenant API is some 350 KB of code, the biggest part of the start path (issue #19).
 */
export function deferredRoutes<E extends Env, RoutesEnv extends Env>(app: Hono<E>, paths: string[], load: () => Promise<Hono<RoutesEnv>>): void {
  if (app.router.name !== "TrieRouter") throw new Error(`deferredRoutes needs an app routed by TrieRouter, not ${app.router.name}`);
  let added = false;
  let adding: Promise<void> | undefined;
  const placeholder: MiddlewareHandler<E> = (c, next) => {
    if (added) return next();
    adding ??= load().then(
      (routes) => {
        app.route("/", routes);
        added = true;
      },
      (err: unknown) => {
        adding = undefined; // let a later request try again
        throw err;
      },
    );
    // This request was routed before the routes existed: now that they do, it goes through the whole app
    // again. Nothing else ran for it yet (the placeholder is first), so nothing runs twice.
    return adding.then(() => app.fetch(c.req.raw, c.env));
  };
  for (const path of paths) app.use(path, placeholder);
}
