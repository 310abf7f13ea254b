import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { notFound } from "../../http/superoffice-error.js";
import { UDEF_FIELD_TYPES, UDEF_OWNERS, progIdOf, type UdefFieldRow, type UdefOwner } from "../../store/user-defined-fields.js";
import { asEnum, asInt, member, type Json } from "../json/lenient.js";
import { readJsonBody, requireObject } from "../json/read-body.js";
import { agentArguments } from "../lists/arguments.js";
import { tenantRoute } from "../operations.js";
import { API, type TenantEnv } from "../tenant-env.js";
import { defaultUdefInfo, ownerOf, readUdefInfo, udefInfo } from "./udef-info.js";

const AGENT = "Agents/UserDefinedFieldInfo";

/**
 * User-defined field layouts, as apps provision them (SuperOffice.DevNet.Online's UserDefinedFieldHelper):
 * `v1/{Entity}/UdefLayout…` (Swagger-v1-{Entity}.json) and `Agents/UserDefinedFieldInfo/…`. Apps read the
 * admin layout (every field) or the published one (what entities carry), create and change fields, publish
 * (new fields reach entities, deleted ones leave them) or revert, and delete. Every write is one store
 * transaction. Registered before the entity routes, so `v1/Contact/UdefLayout` is not read as an id.
 */
export function udefRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  const store = ctx.store;
  const tenantOf = (c: Context<TenantEnv>) => c.get("tenant").contextIdentifier;
  const fields = (c: Context<TenantEnv>, owner: UdefOwner, published: boolean) =>
    store.udefs.fields(tenantOf(c), owner).filter((f) => (published ? f.published === 1 : f.pending_delete === 0));
  const find = (c: Context<TenantEnv>, owner: UdefOwner, progIdOrLabel: string, published: boolean): UdefFieldRow => {
    const key = decodeURIComponent(progIdOrLabel).toLowerCase();
    const field = fields(c, owner, published).find((f) => progIdOf(f).toLowerCase() === key || f.label.toLowerCase() === key);
    if (!field) throw notFound(`UserDefinedField on ${owner}`, decodeURIComponent(progIdOrLabel));
    return field;
  };
  const save = (c: Context<TenantEnv>, owner: UdefOwner, input: Json): UdefFieldRow => {
    const id = member(input, "UDefFieldId") === undefined || member(input, "UDefFieldId") === null ? 0 : asInt(member(input, "UDefFieldId"), "UDefFieldId");
    return store.transaction(() => {
      const existing = id > 0 ? store.udefs.field(tenantOf(c), id) : undefined;
      if (id > 0 && (!existing || existing.owner !== owner)) throw notFound("UserDefinedFieldInfo", id);
      const values = readUdefInfo(input, existing);
      return existing ? store.udefs.update(tenantOf(c), id, values)! : store.udefs.create(tenantOf(c), owner, values);
    });
  };

  for (const owner of UDEF_OWNERS) {
    const base = `${API}/${owner}/udeflayout`;
    app.get(base, (c) => c.json(fields(c, owner, false).map(udefInfo)));
    app.get(`${base}/published`, (c) => c.json(fields(c, owner, true).map(udefInfo)));
    app.get(`${base}/published/:progid`, (c) => c.json(udefInfo(find(c, owner, c.req.param("progid"), true))));
    app.get(`${base}/changed`, (c) => c.json(store.udefs.hasUnpublishedChanges(tenantOf(c), owner)));
    // No publish runs in the background here: a publish is done when its request answers.
    app.get(`${base}/publish`, (c) => c.json(false));
    app.post(`${base}/publish`, (c) => {
      store.transaction(() => store.udefs.publish(tenantOf(c), owner));
      return c.json(fields(c, owner, true).length);
    });
    app.post(`${base}/revert`, (c) => {
      store.transaction(() => store.udefs.revert(tenantOf(c), owner));
      return c.body(null, 204);
    });
    // AddUdefField: a new field of the given type with a generated label, saved on the admin layout.
    app.post(base, (c) => {
      const type = asEnum(c.req.query("udefFieldType") ?? c.req.query("udeffieldtype") ?? "", UDEF_FIELD_TYPES, "udefFieldType");
      const count = store.udefs.fields(tenantOf(c), owner).length;
      return c.json(udefInfo(save(c, owner, { FieldType: type, FieldLabel: `${type} ${count + 1}` })));
    });
    // SaveUdefLayout: every field given is created or updated.
    app.put(base, async (c) => {
      const body = await readJsonBody(c);
      const list = Array.isArray(body) ? body : [];
      const saved = store.transaction(() => list.map((f, i) => save(c, owner, requireObject(f, `fields[${i}]`))));
      return c.json(saved.map(udefInfo));
    });
    app.get(`${base}/:progid`, (c) => c.json(udefInfo(find(c, owner, c.req.param("progid"), false))));
    app.delete(`${base}/:progid`, (c) => {
      const field = find(c, owner, c.req.param("progid"), false);
      store.transaction(() => store.udefs.remove(tenantOf(c), field.udef_field_id));
      return c.body(null, 204);
    });
  }

  const agent = (name: string, handler: (c: Context<TenantEnv>) => Response | Promise<Response>) => app.post(tenantRoute(`${AGENT}/${name}`), handler);
  const ownerArg = async (c: Context<TenantEnv>, name = "OwnerType") => ownerOf((await agentArguments(c)).value(name), name);
  agent("GetUserDefinedFieldList", async (c) => c.json(fields(c, await ownerArg(c), false).map(udefInfo)));
  agent("GetPublishedUserDefinedFieldList", async (c) => c.json(fields(c, await ownerArg(c), true).map(udefInfo)));
  agent("GetUserDefinedFieldInfo", async (c) => {
    const id = asInt((await agentArguments(c)).value("UserDefinedFieldInfoId"), "UserDefinedFieldInfoId");
    const field = store.udefs.field(tenantOf(c), id);
    return c.json(field ? udefInfo(field) : null);
  });
  const byProgId = (published: boolean) => async (c: Context<TenantEnv>) => {
    const args = await agentArguments(c);
    const owner = ownerOf(args.value("OwnerType"), "OwnerType");
    const progId = String(args.value("ProgId") ?? "").toLowerCase();
    const field = fields(c, owner, published).find((f) => progIdOf(f).toLowerCase() === progId);
    return c.json(field ? udefInfo(field) : null);
  };
  agent("GetUserDefinedFieldFromProgId", byProgId(false));
  agent("GetPublishedUserDefinedFieldFromProgId", byProgId(true));
  agent("CreateUserDefinedFieldInfo", async (c) => {
    const args = await agentArguments(c);
    return c.json(defaultUdefInfo(ownerOf(args.value("OwnerType"), "OwnerType"), asEnum(args.value("FieldType") ?? "ShortText", UDEF_FIELD_TYPES, "FieldType", [1, 2, 3, 4, 5, 6, 7, 8])));
  });
  agent("CreateDefaultUserDefinedFieldInfo", (c) => c.json(defaultUdefInfo("contact", "ShortText")));
  agent("SaveUserDefinedFieldInfo", async (c) => {
    const input = requireObject(await readJsonBody(c), "UserDefinedFieldInfo");
    return c.json(udefInfo(save(c, ownerOf(member(input, "Type"), "Type"), input)));
  });
  agent("SaveUserDefinedFieldInfos", async (c) => {
    const infos = member(await readJsonBody(c), "Infos");
    const list = Array.isArray(infos) ? infos : [];
    store.transaction(() => list.forEach((f, i) => save(c, ownerOf(member(f, "Type"), `Infos[${i}].Type`), requireObject(f, `Infos[${i}]`))));
    return c.body(null, 204);
  });
  agent("DeleteUserDefinedFieldInfo", async (c) => {
    const id = asInt((await agentArguments(c)).value("UserDefinedFieldInfoId"), "UserDefinedFieldInfoId");
    const removed = store.transaction(() => store.udefs.remove(tenantOf(c), id));
    if (!removed) throw notFound("UserDefinedFieldInfo", id);
    return c.body(null, 204);
  });
  agent("Publish", async (c) => {
    const owner = await ownerArg(c);
    store.transaction(() => store.udefs.publish(tenantOf(c), owner));
    return c.json(fields(c, owner, true).length);
  });
  agent("Revert", async (c) => {
    const owner = await ownerArg(c);
    store.transaction(() => store.udefs.revert(tenantOf(c), owner));
    return c.body(null, 204);
  });
  agent("DetectUnpublishedChanges", async (c) => c.json(store.udefs.hasUnpublishedChanges(tenantOf(c), await ownerArg(c))));
  // Publishing is immediate here, so none is ever running; the start event needs no bookkeeping.
  agent("IsPublishEventActive", (c) => c.json(false));
  agent("IsAnyPublishEventActive", (c) => c.json(false));
  agent("SetPublishStartSystemEvent", (c) => c.body(null, 204));
  agent("ClearCaches", (c) => c.body(null, 204));
  return app;
}

