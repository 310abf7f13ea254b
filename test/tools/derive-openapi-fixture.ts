/**
 * Derives test/fixtures/superoffice-openapi.json from SuperOffice's Swagger 2.0 files, so the tests that
 * check our responses against them need nothing outside the repository:
 *
 *   npx vite-node test/tools/derive-openapi-fixture.ts <folder with the Swagger-v1-*.json files>
 *
 * Only facts are kept (definitions and operations, see test/support/openapi-fixture.ts); descriptions,
 * summaries and other prose are dropped. A key this script does not know stops it, so a new kind of fact
 * in a future Swagger file is never dropped silently. The output is deterministic: files, definitions and
 * operations sorted, keys in a fixed order, properties and enums in the Swagger file's order, one
 * operation or definition per line so a refresh diffs readably.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { OPENAPI_FIXTURE, type OpenapiFixture, type SwaggerOperation, type SwaggerParameter, type SwaggerSchema } from "../support/openapi-fixture.js";

type Json = Record<string, unknown>;

/** Per kind of object: the fact keys in output order, and the keys dropped on purpose (prose, or not needed by any test). */
const SCHEMA = { facts: ["type", "format", "enum", "$ref", "items", "additionalProperties", "properties"], dropped: ["description", "title", "example"] };
const PARAMETER = { facts: ["name", "in", "required", "type", "format", "enum", "items", "collectionFormat", "schema"], dropped: ["description"] };
// consumes/produces/security are the same few lists on every operation; tags only group operations for docs.
const OPERATION = { facts: ["operationId", "parameters", "responses"], dropped: ["summary", "description", "tags", "consumes", "produces", "security"] };
const RESPONSE = { facts: ["schema"], dropped: ["description"] };
const FILE = { facts: ["swagger", "paths", "definitions"], dropped: ["info", "host", "schemes", "securityDefinitions", "tags", "externalDocs"] };
const METHODS = ["get", "post", "put", "patch", "delete", "head", "options"];

function checkKeys(where: string, value: Json, kind: { facts: string[]; dropped: string[] }): void {
  const unknown = Object.keys(value).filter((k) => !kind.facts.includes(k) && !kind.dropped.includes(k));
  if (unknown.length) throw new Error(`${where}: unknown keys ${unknown.join(", ")} (teach derive-openapi-fixture.ts whether they are facts)`);
}

function schema(where: string, s: Json): SwaggerSchema {
  checkKeys(where, s, SCHEMA);
  const out: Json = {};
  for (const key of SCHEMA.facts) {
    const v = s[key];
    if (v === undefined) continue;
    if (key === "items") out.items = schema(`${where}.items`, v as Json);
    else if (key === "additionalProperties") out.additionalProperties = typeof v === "boolean" ? v : schema(`${where}.additionalProperties`, v as Json);
    else if (key === "properties") out.properties = Object.fromEntries(Object.entries(v as Record<string, Json>).map(([name, p]) => [name, schema(`${where}.${name}`, p)]));
    else out[key] = v;
  }
  return out as SwaggerSchema;
}

function parameter(where: string, p: Json): SwaggerParameter {
  checkKeys(where, p, PARAMETER);
  const out: Json = {};
  for (const key of PARAMETER.facts) {
    const v = p[key];
    if (v === undefined) continue;
    out[key] = key === "items" || key === "schema" ? schema(`${where}.${key}`, v as Json) : v;
  }
  return out as unknown as SwaggerParameter;
}

function operations(file: string, paths: Record<string, Record<string, Json>>): SwaggerOperation[] {
  const out: SwaggerOperation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      const where = `${file} ${method} ${path}`;
      if (!METHODS.includes(method)) throw new Error(`${where}: unknown path item key ${method}`);
      checkKeys(where, op, OPERATION);
      if (typeof op.operationId !== "string") throw new Error(`${where}: no operationId`);
      const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
        .sort(([a], [b]) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0))
        .map(([status, r]) => {
          checkKeys(`${where} ${status}`, r, RESPONSE);
          return [status, r.schema === undefined ? null : schema(`${where} ${status}`, r.schema as Json)] as const;
        });
      out.push({
        path,
        method,
        operationId: op.operationId,
        parameters: ((op.parameters ?? []) as Json[]).map((p, i) => parameter(`${where} parameter ${i}`, p)),
        responses: Object.fromEntries(responses),
      });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : METHODS.indexOf(a.method) - METHODS.indexOf(b.method)));
}

function derive(dir: string): OpenapiFixture {
  const names = readdirSync(dir).filter((f) => /^Swagger-v1-.*\.json$/.test(f)).sort();
  if (names.length === 0) throw new Error(`no Swagger-v1-*.json files in ${dir}`);
  const files: Record<string, SwaggerOperation[]> = {};
  const definitions = new Map<string, { def: SwaggerSchema; from: string }>();
  const versions = new Set<string>();
  for (const name of names) {
    const file = JSON.parse(readFileSync(join(dir, name), "utf8")) as Json;
    if (file.swagger !== "2.0") throw new Error(`${name} is not a Swagger 2.0 file`);
    checkKeys(name, file, FILE);
    const version = (file.info as { version?: unknown } | undefined)?.version;
    if (typeof version === "string") versions.add(version);
    files[name] = operations(name, file.paths as Record<string, Record<string, Json>>);
    for (const [full, raw] of Object.entries((file.definitions ?? {}) as Record<string, Json>)) {
      const def = schema(`${name} definition ${full}`, raw);
      const seen = definitions.get(full);
      // The tests look definitions up by name across files, so one name must mean one definition.
      if (seen && JSON.stringify(seen.def) !== JSON.stringify(def)) throw new Error(`definition ${full} differs between ${seen.from} and ${name}`);
      if (!seen) definitions.set(full, { def, from: name });
    }
  }
  const about = `Facts from SuperOffice's Swagger 2.0 files (info.version ${[...versions].sort().join(", ")}), derived by test/tools/derive-openapi-fixture.ts; do not edit.`;
  const sortedDefinitions = [...definitions.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { about, files, definitions: Object.fromEntries(sortedDefinitions.map((full) => [full, definitions.get(full)!.def])) };
}

/** Pretty enough to diff: one operation or definition per line. */
function format(fixture: OpenapiFixture): string {
  const entries = (obj: Record<string, unknown>, line: (v: unknown) => string) =>
    Object.entries(obj).map(([k, v]) => `    ${JSON.stringify(k)}: ${line(v)}`).join(",\n");
  const files = Object.entries(fixture.files)
    .map(([name, ops]) => `    ${JSON.stringify(name)}: [\n${ops.map((op) => `      ${JSON.stringify(op)}`).join(",\n")}\n    ]`)
    .join(",\n");
  return [
    "{",
    `  "about": ${JSON.stringify(fixture.about)},`,
    `  "files": {\n${files}\n  },`,
    `  "definitions": {\n${entries(fixture.definitions, (v) => JSON.stringify(v))}\n  }`,
    "}",
    "",
  ].join("\n");
}

const [dirArg] = process.argv.slice(2);
if (!dirArg) {
  console.error("usage: npx vite-node test/tools/derive-openapi-fixture.ts <folder with SuperOffice's Swagger-v1-*.json files>");
  process.exit(2);
}
const dir = resolve(dirArg);
if (!existsSync(dir) || !statSync(dir).isDirectory()) {
  console.error(`${dir} is not a folder`);
  process.exit(2);
}
const fixture = derive(dir);
const text = format(fixture);
// The line layout must not change the content: the text reads back as exactly the derived fixture.
if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(fixture)) throw new Error("formatted fixture does not read back as derived");
writeFileSync(OPENAPI_FIXTURE, text);
console.log(`wrote ${OPENAPI_FIXTURE}: ${Object.keys(fixture.files).length} files, ${Object.keys(fixture.definitions).length} definitions`);
