import { describe, expect, it } from "vitest";
import { isSodDateTime, responseDefinition, validateBody } from "../support/openapi.js";

/** A TableRight with every member: the smallest complete carrier in the Swagger files. */
const tableRight = { Mask: "Select, Update", Reason: "" };

/** A complete Business carrier (Id, Value, Tooltip, TableRight, FieldProperties). */
const business = () => ({ Id: 7, Value: "Hotell/Restaurant", Tooltip: "", TableRight: null, FieldProperties: { Value: { FieldRight: tableRight, FieldType: "System.String", FieldLength: 255 } } });

/** A complete TaskListItem: ints, strings, booleans and three enums. */
const task = () => ({
  TaskListItemId: 11,
  Value: "Privat",
  Direction: "Unknown",
  Type: "Appointment",
  Tooltip: "",
  Deleted: false,
  IntentId: 0,
  Rank: 1,
  IsDefaultAlldayEvent: false,
  IsDefaultFree: false,
  IsDefaultPublished: false,
  ColorIndex: "LightBlue",
  DefaultVideomeetingStatus: "NoChange",
  TableRight: tableRight,
  FieldProperties: {},
});

describe("validateBody against the Swagger definitions", () => {
  it("accepts a complete body, with null for absent objects", () => {
    expect(validateBody("Business", business())).toEqual([]);
    expect(validateBody("TaskListItem", task())).toEqual([]);
    expect(validateBody("Business", { ...business(), Value: null, FieldProperties: null })).toEqual([]);
  });

  it("reports a missing property, also inside nested objects that are present", () => {
    const { Tooltip: _tooltip, ...withoutTooltip } = business();
    expect(validateBody("Business", withoutTooltip)).toEqual(["/Tooltip: missing (required by Business)"]);
    const nested = { ...business(), FieldProperties: { Value: { FieldRight: { Mask: "Read" }, FieldType: "System.String", FieldLength: 1 } } };
    expect(validateBody("Business", nested)).toEqual(["/FieldProperties/Value/FieldRight/Reason: missing (required by FieldRight)"]);
  });

  it("reports a wrong type, a value outside an enum and a malformed date", () => {
    expect(validateBody("Business", { ...business(), Id: "7" })).toEqual(['/Id: must be integer,null, got "7"']);
    const errors = validateBody("TaskListItem", { ...task(), Type: "Meeting" });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\/Type: must be equal to one of the allowed values/);
    expect(validateBody("TaskListItem", { ...task(), TableRight: { Mask: 15, Reason: "" } })).toEqual(["/TableRight/Mask: must be string,null, got 15"]);
    const date = { IsConflict: false, Description: "", DescriptionStyleHint: "", Tooltip: "", TableRight: null, FieldProperties: {} };
    expect(validateBody("RecurrenceDate", { ...date, Date: "2026-03-02T09:30:00" })).toEqual([]);
    expect(validateBody("RecurrenceDate", { ...date, Date: "2026-03-02T09:30:00+01:00" })).toEqual([]);
    expect(validateBody("RecurrenceDate", { ...date, Date: "02.03.2026 09:30" })).toEqual(['/Date: must match format "sod-date-time", got "02.03.2026 09:30"']);
  });

  it("accepts NetServer's date-times with and without a zone, and nothing else", () => {
    for (const ok of ["2026-03-02T09:30:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59", "2025-05-14T10:48:07.8912039+02:00", "2002-03-31T16:00:00Z", "2024-02-29T00:00:00"]) {
      expect(isSodDateTime(ok), ok).toBe(true);
    }
    for (const bad of ["2026-03-02", "2026-03-02 09:30:00", "2026-13-01T00:00:00", "2026-02-29T00:00:00", "2026-03-02T24:00:00", "2026-03-02T09:30:00.12345678", "2026-03-02T09:30:00+0100"]) {
      expect(isSodDateTime(bad), bad).toBe(false);
    }
  });

  it("treats every property of a definition as required, even _Links on the WithLinks carriers", () => {
    const errors = validateBody("ContactEntityWithLinks", {});
    expect(errors).toContain("/ContactId: missing (required by ContactEntityWithLinks)");
    expect(errors).toContain("/_Links: missing (required by ContactEntityWithLinks)");
    expect(errors.length).toBeGreaterThan(40);
  });
});

describe("responseDefinition", () => {
  it("names the 200 response definition of a Swagger path", () => {
    expect(responseDefinition("Swagger-v1-Contact.json", "get", "/api/v1/Contact/{id}")).toBe("ContactEntityWithLinks");
    expect(responseDefinition("Swagger-v1-Contact.json", "GET", "/api/v1/Contact/default")).toBe("ContactEntity");
    expect(responseDefinition("Swagger-v1-PersonAgent.json", "post", "/api/v1/Agents/Person/GetPersonEntity")).toBe("PersonEntity");
  });

  it("refuses paths without a definition as their 200 response", () => {
    expect(() => responseDefinition("Swagger-v1-Contact.json", "delete", "/api/v1/Contact/{id}")).toThrow(/not a definition/);
    expect(() => responseDefinition("Swagger-v1-Contact.json", "patch", "/api/v1/Contact/{id}")).toThrow(/has no PATCH/);
  });
});
