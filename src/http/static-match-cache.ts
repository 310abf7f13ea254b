import type { Params, Result, Router } from "hono/router";

/** Enough for every fixed path the emulator serves; hostile or random paths only stop new entries. */
const MAX_ENTRIES = 512;

/**
 * Keeps the router's answer for paths that match no path parameter (discovery, the JWKS, the token
 * endpoint, the screens), so those requests skip the route search. hono's RegExpRouter keeps such a map of
 * static routes itself, but refuses this app's table (a param route beside a static one at the same depth,
 * first at /login/logout), and TrieRouter walks its trie on every request: about 4 µs of the 34–36 a
 * discovery GET cost (issue #19, targets 5 and 6).
 *
 * A match is the same for the same method and path until a route is added, so adding one empties the cache
 * (the tenant API's routes are added on its first request). Matches with parameters (a tenant's
 * ContextIdentifier, an id) are never kept: their paths are unbounded. The cache stops taking entries when
 * full, so a client making up paths cannot grow it. The name is the inner router's: what callers check by
 * name (routes added after the first request) holds for the wrapper as it does for the router it wraps.
 */
export function staticMatchCache<T>(inner: Router<T>): Router<T> {
  const matches = new Map<string, Result<T>>();
  return {
    name: inner.name,
    add(method, path, handler) {
      matches.clear();
      inner.add(method, path, handler);
    },
    match(method, path) {
      const key = `${method} ${path}`;
      const kept = matches.get(key);
      if (kept) return kept;
      const result = inner.match(method, path);
      if (matches.size < MAX_ENTRIES && result.length === 1 && result[0].every(([, params]) => isEmpty(params as Params))) matches.set(key, result);
      return result;
    },
  };
}

function isEmpty(params: Params): boolean {
  for (const _ in params) return false;
  return true;
}
