import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/**
 * The committed digest of SuperOffice's Swagger 2.0 files (test/fixtures/superoffice-openapi.json), written by
 * test/tools/derive-openapi-fixture.ts. It keeps only facts: definitions (property names in the schema's
 * order, types, formats, enums, $refs, items, additionalProperties) and each file's operations (path,
 * method, operationId, parameters, the response schema per status). Tests read this instead of the Swagger
 * files, so a fresh clone needs nothing outside the repository.
 */

/** A Swagger schema without its prose; absent keys are absent in the Swagger file too (no defaults filled in). */
export interface SwaggerSchema {
  type?: string;
  format?: string;
  enum?: string[];
  $ref?: string;
  items?: SwaggerSchema;
  additionalProperties?: SwaggerSchema | boolean;
  properties?: Record<string, SwaggerSchema>;
}

export interface SwaggerParameter {
  name: string;
  in: string;
  required?: boolean;
  type?: string;
  format?: string;
  enum?: string[];
  items?: SwaggerSchema;
  collectionFormat?: string;
  schema?: SwaggerSchema;
}

export interface SwaggerOperation {
  path: string;
  /** Lower case, as Swagger spells it: get, post, put, patch, delete. */
  method: string;
  operationId: string;
  parameters: SwaggerParameter[];
  /** Status code → the response body's schema, or null for a response without a body (e.g. 204). */
  responses: Record<string, SwaggerSchema | null>;
}

export interface OpenapiFixture {
  about: string;
  /** Swagger file name (`Swagger-v1-Contact.json`) → its operations, sorted by path then method. */
  files: Record<string, SwaggerOperation[]>;
  /** Every definition of every file by its full name (the derive script checks that equal names agree). */
  definitions: Record<string, SwaggerSchema>;
}

export const OPENAPI_FIXTURE = resolve(import.meta.dirname, "..", "fixtures", "superoffice-openapi.json");

let fixture: OpenapiFixture | undefined;

export function openapiFixture(): OpenapiFixture {
  fixture ??= JSON.parse(readFileSync(OPENAPI_FIXTURE, "utf8")) as OpenapiFixture;
  return fixture;
}
