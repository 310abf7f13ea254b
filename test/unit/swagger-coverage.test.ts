import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TENANT_API_OPERATIONS } from "../../src/tenant-api/operations.js";
import { openapiFixture } from "../support/openapi-fixture.js";
import { coverage, generate, OUTPUT, shapeKey, swaggerPath } from "../tools/swagger-coverage.js";

/**
 * Fidelity as a number: the tenant API's operation table against SuperOffice's Swagger files, written to
 * docs/swagger-coverage.md (test/tools/swagger-coverage.ts). The committed report must be current.
 */
describe("Swagger coverage of the tenant API", () => {
  it("covers the Swagger files of every entity the emulator serves, and of those it does not serve yet", () => {
    const files = coverage().files.map((f) => f.file);
    const expected = ["Contact", "ContactAgent", "Person", "PersonAgent", "Appointment", "AppointmentAgent", "Sale", "SaleAgent", "List", "ListAgent", "MDOList", "Archive", "ArchiveAgent", "User", "Project", "ProjectAgent", "Document", "DocumentAgent", "Webhook", "WebhookAgent", "UserDefinedFieldInfoAgent"];
    expect(files).toEqual(expect.arrayContaining(expected.map((n) => `Swagger-v1-${n}.json`)));
  });

  it("spells every row's path parameters as Swagger does, so a row that means a Swagger operation counts", () => {
    // A row with the shape of a Swagger operation but another spelling would be reported as missing and extra.
    const exact = new Set(Object.values(openapiFixture().files).flat().map((o) => `${o.method.toUpperCase()} ${o.path.toLowerCase()}`));
    const shapes = new Map(Object.values(openapiFixture().files).flat().map((o) => [shapeKey(o.method, o.path), o.path]));
    const misspelt = TENANT_API_OPERATIONS.flatMap((op) => {
      const path = swaggerPath(op);
      if (!path || exact.has(`${op.method} ${path.toLowerCase()}`)) return [];
      const swagger = shapes.get(shapeKey(op.method, path));
      return swagger ? [`${op.method} ${op.name}: Swagger spells it ${swagger}`] : [];
    });
    expect(misspelt).toEqual([]);
  });

  it("implements the core entity operations the table claims (a sanity check of the matching)", () => {
    const file = (name: string) => coverage().files.find((f) => f.file === `Swagger-v1-${name}.json`)!;
    expect(file("SaleAgent").implemented.map((o) => o.path)).toContain("/api/v1/Agents/Sale/GetSaleEntity");
    expect(file("Contact").implemented.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(["get /api/v1/Contact/{id}", "put /api/v1/Contact/{id}", "get /api/v1/Contact/{id}/Persons"]));
    expect(file("Project").implemented.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(["get /api/v1/Project/{id}", "put /api/v1/Project/{id}", "post /api/v1/Project"]));
    expect(file("DocumentAgent").implemented.map((o) => o.path)).toContain("/api/v1/Agents/Document/GetDocumentStream");
  });

  it("docs/swagger-coverage.md is current (regenerate: npx vite-node test/tools/write-swagger-coverage.ts)", () => {
    expect(existsSync(OUTPUT), "docs/swagger-coverage.md is missing").toBe(true);
    expect(readFileSync(OUTPUT, "utf8") === generate(), "docs/swagger-coverage.md is stale: run npx vite-node test/tools/write-swagger-coverage.ts").toBe(true);
  });
});
