/**
 * Builds docs/swagger-coverage.md: how many of the operations in SuperOffice's Swagger files (as digested in
 * test/fixtures/superoffice-openapi.json) the tenant API's table (src/tenant-api/operations.ts) implements,
 * per Swagger file, and which. Matching is by method and path, case-insensitive, with path parameters
 * spelled as Swagger spells them (`/api/v1/Contact/{id}`).
 *
 *   npx vite-node test/tools/write-swagger-coverage.ts     (after adding rows to the table)
 */
import { join, resolve } from "node:path";
import { TENANT_API_OPERATIONS, type TenantOperation } from "../../src/tenant-api/operations.js";
import { openapiFixture, type SwaggerOperation } from "../support/openapi-fixture.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
export const OUTPUT = join(ROOT, "docs", "swagger-coverage.md");

/** A row's path as Swagger writes it, or undefined for the one row Swagger has no file for (the version document). */
export function swaggerPath(op: TenantOperation): string | undefined {
  if (op.name.startsWith("/")) return undefined;
  return op.name.startsWith("Agents/") ? `/api/v1/${op.name}` : `/api/${op.name}`;
}

const key = (method: string, path: string) => `${method.toUpperCase()} ${path.toLowerCase()}`;
/** Parameters as `{}`: two paths with the same shape differ only in how a parameter is named. */
export const shapeKey = (method: string, path: string) => key(method, path).replace(/\{[^}]+\}/g, "{}");

export interface FileCoverage {
  file: string;
  implemented: SwaggerOperation[];
  missing: SwaggerOperation[];
}

export interface Coverage {
  files: FileCoverage[];
  /** Table rows that match no operation of any Swagger file in the digest. */
  extras: TenantOperation[];
}

export function coverage(): Coverage {
  const rows = new Set(TENANT_API_OPERATIONS.flatMap((op) => { const p = swaggerPath(op); return p ? [key(op.method, p)] : []; }));
  const swagger = new Set<string>();
  const files = Object.entries(openapiFixture().files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, ops]) => {
      for (const o of ops) swagger.add(key(o.method, o.path));
      return { file, implemented: ops.filter((o) => rows.has(key(o.method, o.path))), missing: ops.filter((o) => !rows.has(key(o.method, o.path))) };
    });
  const extras = TENANT_API_OPERATIONS.filter((op) => { const p = swaggerPath(op); return p !== undefined && !swagger.has(key(op.method, p)); });
  return { files, extras };
}

const percent = (part: number, whole: number) => (whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)} %`);
const short = (file: string) => file.replace(/^Swagger-v1-/, "").replace(/\.json$/, "");
const line = (o: SwaggerOperation) => `- \`${o.method.toUpperCase()} ${o.path}\` (${o.operationId})`;

export function generate(): string {
  const { files, extras } = coverage();
  const total = files.reduce((n, f) => n + f.implemented.length + f.missing.length, 0);
  const done = files.reduce((n, f) => n + f.implemented.length, 0);
  const out = [
    "# Swagger coverage of the tenant API",
    "",
    "How many of the operations in SuperOffice's Swagger files the emulator's tenant API implements. Written by",
    "test/tools/swagger-coverage.ts from the operation table (src/tenant-api/operations.ts) and the digest of the",
    "Swagger files (test/fixtures/superoffice-openapi.json); do not edit. test/unit/swagger-coverage.test.ts fails",
    "when this file is stale: after adding rows to the table, run `npx vite-node test/tools/write-swagger-coverage.ts`.",
    "An operation counts as implemented when the table has its method and path (case-insensitive, parameters named",
    "as Swagger names them). The List file names every built-in list; the emulator serves the seeded ones.",
    "",
    "| Swagger file | Operations | Implemented | Not implemented | Coverage |",
    "|---|---:|---:|---:|---:|",
    ...files.map((f) => `| ${short(f.file)} | ${f.implemented.length + f.missing.length} | ${f.implemented.length} | ${f.missing.length} | ${percent(f.implemented.length, f.implemented.length + f.missing.length)} |`),
    `| **All files** | ${total} | ${done} | ${total - done} | ${percent(done, total)} |`,
    "",
  ];
  for (const f of files) {
    out.push(`## ${short(f.file)}`, "", `${f.file}: ${f.implemented.length} of ${f.implemented.length + f.missing.length} implemented (${percent(f.implemented.length, f.implemented.length + f.missing.length)}).`, "");
    if (f.implemented.length > 0) out.push(`<details><summary>Implemented (${f.implemented.length})</summary>`, "", ...f.implemented.map(line), "", "</details>", "");
    if (f.missing.length > 0) out.push(`<details><summary>Not implemented (${f.missing.length})</summary>`, "", ...f.missing.map(line), "", "</details>", "");
  }
  out.push(
    "## Served, but in none of these Swagger files",
    "",
    "Operations of the table that match no operation of the digested files: agents whose Swagger file is not in the",
    "digest (AssociateAgent, MDOAgent), PATCH (documented and used by the official client, but in no Swagger file), and generic",
    "routes the List file only names per list.",
    "",
    ...extras.map((op) => `- \`${op.method} ${swaggerPath(op)}\` (${op.file})`),
    "",
  );
  return out.join("\n");
}
