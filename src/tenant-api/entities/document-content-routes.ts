import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { badRequest, notFound } from "../../http/superoffice-error.js";
import { asBool, asInt, has, member } from "../json/lenient.js";
import { readJsonBody, requireObject } from "../json/read-body.js";
import { tenantRoute } from "../operations.js";
import type { TenantEnv } from "../tenant-env.js";
import { agentArguments } from "../lists/arguments.js";
import { documentDescription as d } from "./document.js";
import type { EntityEnv } from "./entity-description.js";
import { entityEnv } from "./entity-env.js";
import { createEntity, findEntity, loadEntity, parseId, updateEntity } from "./entity-pipeline.js";

/**
 * A document's bytes (Swagger-v1-Document.json, Swagger-v1-DocumentAgent.json): REST `v1/Document/{id}/Content`
 * (GET, PUT, DELETE) and `/Length`, and the DocumentAgent stream methods. Bytes travel raw
 * (`application/octet-stream`) or as a JSON base64 string (`format: byte`), whichever the client sends or
 * accepts; they are kept in the store with their content type, so they survive a restart. The request
 * size limit (--max-body-bytes) bounds what one upload may carry; a document never uploaded has 0 bytes.
 */
const OCTETS = "application/octet-stream";

export function documentContentRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();

  app.get(tenantRoute("v1/Document/{documentId}/Content"), (c) => {
    const env = entityEnv(ctx, c);
    const row = loadEntity(d, env, parseId(c.req.param("documentid"), "documentId"));
    return sendContent(c, env, row.document_id);
  });

  app.put(tenantRoute("v1/Document/{documentId}/Content"), async (c) => {
    const env = entityEnv(ctx, c);
    const id = parseId(c.req.param("documentid"), "documentId");
    loadEntity(d, env, id);
    const { bytes, contentType } = await uploadedBytes(c);
    return c.json(d.show(storeContent(env, id, bytes, contentType), env));
  });

  app.delete(tenantRoute("v1/Document/{documentId}/Content"), (c) => {
    const env = entityEnv(ctx, c);
    const id = parseId(c.req.param("documentid"), "documentId");
    loadEntity(d, env, id);
    const removed = env.crm.deleteDocumentContent(env.tenant.contextIdentifier, id, stampOf(env), env.principal.associateId);
    return c.json(returnInfo(removed));
  });

  app.get(tenantRoute("v1/Document/{documentId}/Length"), (c) => {
    const env = entityEnv(ctx, c);
    const id = parseId(c.req.param("documentid"), "documentId");
    loadEntity(d, env, id);
    return c.json(contentOf(env, id)?.content.length ?? 0);
  });

  // Agents: the official client asks GetDocumentStream for raw bytes (Accept: application/octet-stream),
  // or for the base64 string when told to return it as a string.
  app.post(tenantRoute("Agents/Document/GetDocumentStream"), async (c) => {
    const env = entityEnv(ctx, c);
    const id = await documentIdArgument(c);
    loadEntity(d, env, id);
    return sendContent(c, env, id);
  });

  app.post(tenantRoute("Agents/Document/GetDocumentStreamFromEntity"), async (c) => {
    const env = entityEnv(ctx, c);
    const body = requireObject(await readJsonBody(c), "GetDocumentStreamFromEntity request");
    const entity = requireObject(member(body, "DocumentEntity") ?? null, "DocumentEntity");
    const id = asInt(member(entity, "DocumentId") ?? 0, "DocumentEntity.DocumentId");
    loadEntity(d, env, id);
    return sendContent(c, env, id);
  });

  app.post(tenantRoute("Agents/Document/VerifyGetDocumentStream"), async (c) => {
    const env = entityEnv(ctx, c);
    const id = await documentIdArgument(c);
    loadEntity(d, env, id);
    return c.json(returnInfo(true));
  });

  app.post(tenantRoute("Agents/Document/GetDocumentLength"), async (c) => {
    const env = entityEnv(ctx, c);
    const id = await documentIdArgument(c);
    loadEntity(d, env, id);
    return c.json(contentOf(env, id)?.content.length ?? 0);
  });

  // SetDocumentStream: the entity (saved first when new, id 0) and its bytes as base64. Without
  // OverwriteExistingData, a document that already has content keeps it (400), as SOD refuses.
  app.post(tenantRoute("Agents/Document/SetDocumentStream"), async (c) => {
    const env = entityEnv(ctx, c);
    const body = requireObject(await readJsonBody(c), "SetDocumentStream request");
    const entity = requireObject(member(body, "DocumentEntity") ?? null, "DocumentEntity");
    const bytes = base64Bytes(member(body, "Stream"), "Stream");
    const overwrite = has(body, "OverwriteExistingData") && member(body, "OverwriteExistingData") !== null ? asBool(member(body, "OverwriteExistingData"), "OverwriteExistingData") : false;
    const id = asInt(member(entity, "DocumentId") ?? 0, "DocumentEntity.DocumentId");
    return ctx.store.transaction(() => {
      if (id > 0 && !findEntity(d, env, id)) throw notFound("Document", id);
      if (id > 0 && !overwrite && (contentOf(env, id)?.content.length ?? 0) > 0) throw badRequest(`Document ${id} already has content; set OverwriteExistingData to replace it`);
      const row = id > 0 ? updateEntity(d, env, id, entity) : createEntity(d, env, entity);
      return c.json(d.show(storeContent(env, row.document_id, bytes, contentTypeFor(env, row.template_id)), env));
    });
  });

  app.post(tenantRoute("Agents/Document/SetDocumentStreamFromId"), async (c) => {
    const env = entityEnv(ctx, c);
    const args = await agentArguments(c);
    const id = asInt(args.value("DocumentId") ?? 0, "DocumentId");
    const row = loadEntity(d, env, id);
    const bytes = base64Bytes(args.value("Stream"), "Stream");
    return c.json(d.show(storeContent(env, id, bytes, contentTypeFor(env, row.template_id)), env));
  });

  app.post(tenantRoute("Agents/Document/DeletePhysicalDocument"), async (c) => {
    const env = entityEnv(ctx, c);
    const id = await documentIdArgument(c);
    loadEntity(d, env, id);
    return c.json(returnInfo(env.crm.deleteDocumentContent(env.tenant.contextIdentifier, id, stampOf(env), env.principal.associateId)));
  });

  return app;
}

function contentOf(env: EntityEnv, id: number) {
  return env.crm.documentContent(env.tenant.contextIdentifier, id);
}

/** Who and when, for the document's updated stamp on a content write. */
function stampOf(env: EntityEnv) {
  return { updated_date: env.now, updated_by: env.principal.associateId };
}

/** Stores the bytes and stamps the document as updated (one `edited` on the change feed: document.edited). */
function storeContent(env: EntityEnv, id: number, bytes: Uint8Array, contentType: string) {
  return env.emulator.store.transaction(() => {
    env.crm.setDocumentContent(env.tenant.contextIdentifier, id, contentType, bytes, stampOf(env), env.principal.associateId);
    return loadEntity(d, env, id);
  });
}

/** Raw bytes when the client accepts octets (or anything but JSON); else the JSON base64 string. */
function sendContent(c: Context<TenantEnv>, env: EntityEnv, id: number): Response {
  const stored = contentOf(env, id);
  const bytes = stored?.content ?? Buffer.alloc(0);
  const accept = c.req.header("accept") ?? "";
  if (/json/i.test(accept) && !/octet-stream/i.test(accept)) return c.json(bytes.toString("base64"));
  const row = findEntity(d, env, id);
  const name = String(row?.name ?? `document_${id}`);
  return c.body(new Uint8Array(bytes), 200, {
    "content-type": stored?.contentType ?? OCTETS,
    "content-length": String(bytes.length),
    "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}

/** PUT Content's body: raw bytes, or (as JSON) the base64 string the Swagger file describes. */
async function uploadedBytes(c: Context<TenantEnv>): Promise<{ bytes: Uint8Array; contentType: string }> {
  const type = (c.req.header("content-type") ?? OCTETS).split(";")[0]!.trim().toLowerCase() || OCTETS;
  if (type === "application/json" || type.endsWith("+json")) {
    return { bytes: base64Bytes(await readJsonBody(c), "stream"), contentType: OCTETS };
  }
  return { bytes: new Uint8Array(await c.req.arrayBuffer()), contentType: type };
}

function base64Bytes(value: unknown, field: string): Uint8Array {
  if (value === null || value === undefined || value === "") return new Uint8Array(0);
  if (typeof value !== "string" || !/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(value)) throw badRequest(`${field}: expected the document's bytes as a base64 string`);
  return Buffer.from(value, "base64");
}

/** The content type a document's template makes (doctmpl's MimeType), for bytes that arrive as base64. */
function contentTypeFor(env: EntityEnv, templateId: unknown): string {
  const item = typeof templateId === "number" ? env.crm.listItem(env.tenant.contextIdentifier, "doctmpl", templateId) : undefined;
  return String(item?.attributes.MimeType ?? OCTETS);
}

async function documentIdArgument(c: Context<TenantEnv>): Promise<number> {
  const args = await agentArguments(c);
  const raw = args.value("DocumentId");
  if (raw === undefined || raw === null) throw badRequest("DocumentId is required");
  return asInt(raw, "DocumentId");
}

/** SuperOffice.CRM.ReturnInfo, as DeletePhysicalDocument and VerifyGetDocumentStream answer. */
function returnInfo(success: boolean) {
  return { ExternalReference: "", VersionId: "", Success: success, Type: "None", Value: "", AdditionalInfo: "" };
}
