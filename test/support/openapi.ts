import AjvModule, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { OPENAPI_FIXTURE, openapiFixture, type SwaggerOperation, type SwaggerSchema } from "./openapi-fixture.js";

/**
 * Response validation against SuperOffice's official Swagger 2.0 files, read from their committed digest
 * (test/fixtures/superoffice-openapi.json, see openapi-fixture.ts), the way spec/README.md decides:
 * Swagger 2.0 cannot say "nullable" and its date-time wants a zone, while SOD sends null for absent
 * objects and zone-less local dates. So every property may also be null, date-times may lack a zone, and
 * separately every property of the definition must be present in the body (at every level of nested
 * objects that are present).
 */

const SCHEMA_ID = "sod-openapi";
const REF_PREFIX = "#/definitions/";

/**
 * `YYYY-MM-DDTHH:mm:ss`, optional fraction of up to 7 digits (.NET ticks), optional `Z` or `±hh:mm`.
 * NetServer's empty date `0001-01-01T00:00:00` and far future `9999-12-31T23:59:59` are valid.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/;

export function isSodDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate(); // leap year, so Feb has 29
  if (day < 1 || day > daysInMonth || (month === 2 && day === 29 && !isLeapYear(year))) return false;
  if (m[8] && m[8] !== "Z") {
    const [h, min] = m[8].slice(1).split(":").map(Number) as [number, number];
    if (h > 14 || min > 59) return false;
  }
  return true;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

interface Catalogue {
  /** Every definition of every file, by its full name (same name ⇒ same definition across files). */
  definitions: Map<string, SwaggerSchema>;
  /** Short name (last dotted segment) → full names. */
  byShortName: Map<string, string[]>;
  /** Swagger file name → `method path` → operation. */
  operations: Map<string, Map<string, SwaggerOperation>>;
  ajv: InstanceType<typeof AjvModule.default>;
  validators: Map<string, ValidateFunction>;
}

// ajv and ajv-formats are CommonJS: under NodeNext the default import is `module.exports`, whose
// `.default` is the class / plugin (and at run time `module.exports.default === module.exports`).
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

let catalogue: Catalogue | undefined;

function load(): Catalogue {
  if (catalogue) return catalogue;
  const fixture = openapiFixture();
  const definitions = new Map(Object.entries(fixture.definitions));
  const operations = new Map(Object.entries(fixture.files).map(([file, ops]) => [file, new Map(ops.map((op) => [`${op.method} ${op.path}`, op]))]));
  const byShortName = new Map<string, string[]>();
  for (const full of definitions.keys()) {
    const short = shortName(full);
    byShortName.set(short, [...(byShortName.get(short) ?? []), full]);
  }

  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addFormat("sod-date-time", { type: "string", validate: isSodDateTime });
  const root: Record<string, unknown> = { $id: SCHEMA_ID, definitions: {} };
  for (const [full, def] of definitions) (root.definitions as Record<string, unknown>)[full] = definitionSchema(def);
  ajv.addSchema(root);
  catalogue = { definitions, byShortName, operations, ajv, validators: new Map() };
  return catalogue;
}

const shortName = (full: string) => full.slice(full.lastIndexOf(".") + 1);

/** A definition: an object whose properties follow the rules below; members not in the definition are allowed (Swagger gives no additionalProperties). */
function definitionSchema(def: SwaggerSchema): Record<string, unknown> {
  const out: Record<string, unknown> = { type: "object" };
  if (def.properties) out.properties = Object.fromEntries(Object.entries(def.properties).map(([k, v]) => [k, convert(v, true)]));
  if (def.additionalProperties !== undefined) out.additionalProperties = typeof def.additionalProperties === "boolean" ? def.additionalProperties : convert(def.additionalProperties, false);
  return out;
}

/** One Swagger schema as JSON Schema; `nullable` for properties (every property may be null). */
function convert(s: SwaggerSchema, nullable: boolean): Record<string, unknown> {
  if (s.$ref) {
    if (!s.$ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${s.$ref}`);
    const ref = { $ref: `${SCHEMA_ID}${REF_PREFIX}${s.$ref.slice(REF_PREFIX.length)}` };
    return nullable ? { anyOf: [ref, { type: "null" }] } : ref;
  }
  const type = s.type ?? "object";
  // SuperOffice's Swagger is generated from .NET, where a member typed `object` (e.g. the values of
  // ODataSlimResponse.value's Dictionary<string, object>, or Webhook.Properties) comes out as a bare
  // `{type: "object"}` with no properties and no additionalProperties. In .NET `object` means any value
  // (strings, numbers, booleans, null, objects, arrays), so such a schema accepts any JSON value; a
  // schema that describes properties or additionalProperties of its own stays a real JSON object.
  if (type === "object" && s.type === "object" && s.properties === undefined && s.additionalProperties === undefined) {
    return {};
  }
  const out: Record<string, unknown> = { type: nullable ? [type, "null"] : type };
  if (s.enum) out.enum = nullable ? [...s.enum, null] : [...s.enum];
  if (s.format) out.format = type === "string" && s.format === "date-time" ? "sod-date-time" : s.format;
  if (type === "array" && s.items) out.items = convert(s.items, false);
  if (type === "object") {
    if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, convert(v, true)]));
    if (s.additionalProperties !== undefined) out.additionalProperties = typeof s.additionalProperties === "boolean" ? s.additionalProperties : convert(s.additionalProperties, false);
  }
  return out;
}

/** The full definition name for a short one (`ContactEntity`) or a full one; ambiguous short names must be given in full. */
export function definitionName(name: string): string {
  const c = load();
  if (c.definitions.has(name)) return name;
  const matches = c.byShortName.get(name) ?? [];
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new Error(`no definition ${name} in ${OPENAPI_FIXTURE}`);
  throw new Error(`definition name ${name} is ambiguous: ${matches.join(", ")}`);
}

/**
 * Validates a response body against a definition (short name like `ContactEntityWithLinks`, or full
 * name). Returns the errors, empty when the body is valid: type/format/enum errors from ajv, then one
 * "missing" error per property of the definition absent from the body, recursively.
 */
export function validateBody(definition: string, body: unknown): string[] {
  const c = load();
  const full = definitionName(definition);
  let validate = c.validators.get(full);
  if (!validate) {
    validate = c.ajv.getSchema(`${SCHEMA_ID}${REF_PREFIX}${full}`);
    if (!validate) throw new Error(`ajv has no schema for ${full}`);
    c.validators.set(full, validate);
  }
  const errors: string[] = [];
  if (!validate(body)) errors.push(...formatErrors(validate.errors ?? []));
  errors.push(...missingProperties(c, full, body, ""));
  return errors;
}

function formatErrors(errors: ErrorObject[]): string[] {
  // A nullable $ref fails as anyOf [ref, null]; the "must be null" and "must match a schema in anyOf"
  // lines add nothing to the errors from inside the reference.
  const useful = errors.filter((e) => !(e.keyword === "anyOf" || (e.keyword === "type" && (e.params as { type?: unknown }).type === "null")));
  return (useful.length ? useful : errors).map((e) => {
    const params = e.keyword === "enum" ? ` (allowed: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)})` : "";
    return `${e.instancePath || "/"}: ${e.message ?? e.keyword}${params}, got ${JSON.stringify(valueAt(e.data))}`;
  });
}

function valueAt(data: unknown): unknown {
  const text = JSON.stringify(data);
  return text !== undefined && text.length > 80 ? `${text.slice(0, 77)}...` : data;
}

/** Every property of the definition must be in the body; nested objects, array items and map values that are present are checked the same way. */
function missingProperties(c: Catalogue, full: string, body: unknown, path: string): string[] {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return [];
  const def = c.definitions.get(full)!;
  const out: string[] = [];
  for (const [name, schema] of Object.entries(def.properties ?? {})) {
    const at = `${path}/${name}`;
    if (!Object.hasOwn(body, name)) {
      out.push(`${at}: missing (required by ${shortName(full)})`);
      continue;
    }
    out.push(...nested(c, schema, (body as Record<string, unknown>)[name], at));
  }
  return out;
}

function nested(c: Catalogue, schema: SwaggerSchema, value: unknown, path: string): string[] {
  if (value === null || value === undefined) return [];
  if (schema.$ref) return missingProperties(c, schema.$ref.slice(REF_PREFIX.length), value, path);
  if (schema.type === "array" && schema.items && Array.isArray(value)) return value.flatMap((v, i) => nested(c, schema.items!, v, `${path}/${i}`));
  if (typeof schema.additionalProperties === "object" && typeof value === "object" && !Array.isArray(value)) {
    const ap = schema.additionalProperties;
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => nested(c, ap, v, `${path}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`));
  }
  return [];
}

/**
 * The definition a Swagger file names for a path's 200 response, e.g.
 * ("Swagger-v1-Contact.json", "get", "/api/v1/Contact/{id}") → "ContactEntityWithLinks". The short
 * name when it is unambiguous, else the full one; throws when the response is not a definition.
 */
export function responseDefinition(file: string, method: string, path: string): string {
  const operation = swaggerOperation(file, method, path);
  if (!operation) throw new Error(`${file} has no ${method.toUpperCase()} ${path}`);
  const schema = operation.responses["200"];
  if (!schema?.$ref) throw new Error(`${file} ${method.toUpperCase()} ${path}: the 200 response is ${schema ? JSON.stringify(schema) : "empty"}, not a definition`);
  const full = schema.$ref.slice(REF_PREFIX.length);
  const short = shortName(full);
  return load().byShortName.get(short)?.length === 1 ? short : full;
}

/** A Swagger file's operation for a method and path template, e.g. ("Swagger-v1-Contact.json", "get", "/api/v1/Contact/{id}"); undefined when the file has none. */
export function swaggerOperation(file: string, method: string, path: string): SwaggerOperation | undefined {
  const operations = load().operations.get(file);
  if (!operations) throw new Error(`no Swagger file ${file} in ${OPENAPI_FIXTURE}`);
  return operations.get(`${method.toLowerCase()} ${path}`);
}
