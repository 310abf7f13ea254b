import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { carrier } from "../../src/tenant-api/carriers/carrier.js";
import { generate, OUTPUT } from "../tools/carrier-shapes.js";

describe("carrier shapes", () => {
  it("are up to date with SuperOffice's Swagger files (npm run generate:shapes)", () => {
    expect(readFileSync(OUTPUT, "utf8")).toBe(generate());
  });

  it("build carriers with every member in order and each kind's empty value", () => {
    const task = carrier("TaskListItem", { TaskListItemId: 3, Value: "Meeting" });
    expect(Object.keys(task)).toEqual([
      "TaskListItemId", "Value", "Direction", "Type", "Tooltip", "Deleted", "IntentId", "Rank", "IsDefaultAlldayEvent",
      "IsDefaultFree", "IsDefaultPublished", "ColorIndex", "DefaultVideomeetingStatus", "TableRight", "FieldProperties",
    ]);
    expect(task).toMatchObject({ TaskListItemId: 3, Value: "Meeting", Tooltip: "", Deleted: false, Rank: 0, TableRight: null, FieldProperties: {} });
    expect(task.Direction).toBe("Unknown");
    const appointment = carrier("AppointmentEntity", {});
    expect(appointment).toMatchObject({ StartDate: "0001-01-01T00:00:00", AlarmLeadTime: "00:00:00", Links: [], UserDefinedFields: {}, Contact: null });
  });
});
