import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { CrmTable, CrmTableRows, CrmValues, Stamped } from "../../store/crm.js";
import { soError } from "../../http/superoffice-error.js";
import { httpDate } from "../json/dates.js";
import { applyPatch } from "../json/json-patch.js";
import { readJsonBody, requireObject } from "../json/read-body.js";
import { API, type TenantEnv } from "../tenant-env.js";
import type { EntityDescription, EntityEnv } from "./entity-description.js";
import { entityEnv, queryParam } from "./entity-env.js";
import { renderCache } from "./render-cache.js";
import { createEntity, defaultRow, deleteEntity, lastModified, loadEntity, parseId, updateEntity, validateEntity } from "./entity-pipeline.js";
import { netServerJson } from "../json-charset.js";
import { selectMembers } from "../json/select-members.js";

/**
 * `v1/{Entity}` REST (netserver.md §4): default, get, create (also with a trailing slash, as the official
 * client posts), replace, patch, delete. GET sends Last-Modified and honours If-Modified-Since (304);
 * GET, PUT, PATCH and DELETE honour If-Unmodified-Since (412). Agents ignore both headers (§2).
 */
export function entityRestRoutes<T extends CrmTable>(ctx: EmulatorContext, d: EntityDescription<T>) {
  const app = new Hono<TenantEnv>();
  const base = `${API}/${d.name.toLowerCase()}`;
  const show = (row: CrmTableRows[T], env: EntityEnv, links = false) => {
    const entity = d.show(row, env);
    if (!links) return entity;
    const columns: CrmValues = row;
    const id = columns[d.idColumn];
    return Object.assign(entity, { _Links: { Self: `${env.apiBase}/${d.name}/${id}`, Archive: `${env.apiBase}/${d.name}` } });
  };

  app.get(`${base}/default`, (c) => {
    const env = entityEnv(ctx, c);
    return c.json(d.show(defaultRow(d, env), env));
  });

  // The same entity shown in the same time zone is the same bytes until the store changes (any write,
  // a delete included, clears the cache), so a hit needs neither the row nor rendering.
  const rendered = renderCache<{ body: Uint8Array<ArrayBuffer>; modified: string; lastModified: string }>(ctx.store.dataVersion);
  const encoder = new TextEncoder();
  app.get(`${base}/:id`, (c) => {
    const id = parseId(c.req.param("id"), `${d.name} id`);
    const tenant = c.get("tenant");
    const key = `${tenant.contextIdentifier}/${id}/${c.req.header("so-timezone") ?? ""}`;
    const entry = rendered.get(key, () => {
      const env = entityEnv(ctx, c);
      const row = loadEntity(d, env, id);
      const modified = lastModified(row);
      return { body: encoder.encode(JSON.stringify(show(row, env, true))), modified, lastModified: httpDate(modified) };
    });
    if (notModifiedSince(c, entry.modified)) return c.body(null, 304, { "last-modified": entry.lastModified });
    const select = queryParam(c, "$select");
    // netserver.md §3: a GET with a stale If-Unmodified-Since is a 412 too (the official client rejects on it).
    if (modifiedAfterUnmodifiedSince(c, entry.modified)) {
      c.header("Last-Modified", entry.lastModified);
      throw soError("PreconditionFailed", `${d.name} ${id} was modified after ${c.req.header("if-unmodified-since")}`);
    }
    // $select is rare: the cached bytes serve everything else.
    if (select) {
      c.header("Last-Modified", entry.lastModified);
      return c.json(selectMembers(JSON.parse(new TextDecoder().decode(entry.body)) as Record<string, unknown>, select));
    }
    return netServerJson(entry.body, { "last-modified": entry.lastModified });
  });

  // The simple carrier (`Contact`, `Person`, …) that lists and other entities embed.
  app.get(`${base}/:id/simple`, (c) => {
    const env = entityEnv(ctx, c);
    return c.json(d.summary(loadEntity(d, env, parseId(c.req.param("id"), `${d.name} id`)), env));
  });

  // `{ "<Member>": "<problem>" }`, empty when the entity would save: the same checks a save makes, without saving.
  app.post(`${base}/validate`, async (c) => {
    const input = requireObject(await readJsonBody(c), `${d.name}Entity`);
    return c.json(validateEntity(d, entityEnv(ctx, c), input));
  });

  const create = async (c: Context<TenantEnv>) => {
    const input = requireObject(await readJsonBody(c), `${d.name}Entity`);
    const env = entityEnv(ctx, c);
    return c.json(show(createEntity(d, env, input), env, true));
  };
  app.post(base, create);

  app.put(`${base}/:id`, async (c) => {
    const env = entityEnv(ctx, c);
    const id = parseId(c.req.param("id"), `${d.name} id`);
    const input = requireObject(await readJsonBody(c), `${d.name}Entity`);
    checkUnmodifiedSince(c, loadEntity(d, env, id), d.name, id);
    return c.json(show(updateEntity(d, env, id, input), env, true));
  });

  app.patch(`${base}/:id`, async (c) => {
    const env = entityEnv(ctx, c);
    const id = parseId(c.req.param("id"), `${d.name} id`);
    const patch = await readJsonBody(c);
    const current = loadEntity(d, env, id);
    checkUnmodifiedSince(c, current, d.name, id);
    const patched = applyPatch(d.show(current, env), patch);
    return c.json(show(updateEntity(d, env, id, patched), env, true));
  });

  app.delete(`${base}/:id`, (c) => {
    const env = entityEnv(ctx, c);
    const id = parseId(c.req.param("id"), `${d.name} id`);
    checkUnmodifiedSince(c, loadEntity(d, env, id), d.name, id);
    deleteEntity(d, env, id);
    return c.body(null, 204);
  });

  return app;
}

/** If-Modified-Since: HTTP dates have whole seconds, so compare at that precision. */
function notModifiedSince(c: Context, modifiedUtc: string): boolean {
  const header = c.req.header("if-modified-since");
  const since = header ? Date.parse(header) : NaN;
  return !Number.isNaN(since) && Math.floor(Date.parse(`${modifiedUtc}Z`) / 1000) <= Math.floor(since / 1000);
}

function checkUnmodifiedSince(c: Context, row: Stamped, name: string, id: number): void {
  if (modifiedAfterUnmodifiedSince(c, lastModified(row))) {
    throw soError("PreconditionFailed", `${name} ${id} was modified after ${c.req.header("if-unmodified-since")}`);
  }
}

/** If-Unmodified-Since older than the last change (whole seconds, as HTTP dates are). */
function modifiedAfterUnmodifiedSince(c: Context, modifiedUtc: string): boolean {
  const header = c.req.header("if-unmodified-since");
  const since = header ? Date.parse(header) : NaN;
  return !Number.isNaN(since) && Math.floor(Date.parse(`${modifiedUtc}Z`) / 1000) > Math.floor(since / 1000);
}
