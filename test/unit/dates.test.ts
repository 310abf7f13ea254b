import { describe, expect, it } from "vitest";
import { SoError } from "../../src/http/superoffice-error.js";
import { dateCodec } from "../../src/tenant-api/json/dates.js";
import { parseSoTimeZone } from "../../src/tenant-api/json/so-timezone.js";

// The official client's fixtures for appointment 63 in an Oslo tenant (netserver.md §1.4): StartDate is
// 16:00 UTC, CreatedDate 12:52 UTC, shown three ways depending on SO-TimeZone.
const start = "2002-03-31T16:00:00";
const created = "2002-08-07T12:52:00";
const codec = (header?: string) => dateCodec("Europe/Oslo", parseSoTimeZone(header));

describe("dates as NetServer shows and reads them", () => {
  it.each([
    [undefined, "2002-03-31T18:00:00", "2002-08-07T14:52:00"],
    ["UTC,includeTZOffset", "2002-03-31T16:00:00Z", "2002-08-07T12:52:00Z"],
    ["NO,includeTZOffset", "2002-03-31T18:00:00+02:00", "2002-08-07T12:52:00Z"],
    ["US-NY", "2002-03-31T11:00:00", "2002-08-07T08:52:00"],
    ["460, includeTZOffset", "2002-03-31T11:00:00-05:00", "2002-08-07T12:52:00Z"],
  ])("SO-TimeZone %s shows StartDate %s and CreatedDate %s", (header, shownStart, shownCreated) => {
    expect(codec(header).show(start)).toBe(shownStart);
    expect(codec(header).showUtc(created)).toBe(shownCreated);
  });

  it.each([
    ["2002-03-31T18:00:00", undefined, start],
    ["2002-03-31T16:00:00.000Z", undefined, start],
    ["2002-03-31T18:00:00+02:00", undefined, start],
    ["2002-03-31T11:00:00", "US-NY", start],
    ["2002-03-31T16:00:00Z", "US-NY", start],
    ["0001-01-01T00:00:00", undefined, null],
    ["0000-12-31T23:06:32.000Z", undefined, null],
    ["", undefined, null],
  ])("reads %s (SO-TimeZone %s) as stored UTC %s", (input, header, stored) => {
    expect(codec(header).read(input, "StartDate")).toBe(stored);
  });

  it("shows the empty date for none, and reads birth dates as the tenant's calendar day", () => {
    expect(codec().show(null)).toBe("0001-01-01T00:00:00");
    expect(codec().readDate("1999-05-12T22:00:00.000Z", "BirthDate")).toBe("1999-05-13");
    expect(codec().showDate("1999-05-13")).toBe("1999-05-13T00:00:00");
  });

  it("rejects what is not a date, and unknown time zones, with a 400", () => {
    expect(() => codec().read("tomorrow", "StartDate")).toThrow(SoError);
    expect(() => codec().read(20260101, "StartDate")).toThrow(/StartDate: expected a date-time string/);
    expect(() => parseSoTimeZone("Mars/Olympus")).toThrow(/SO-TimeZone: unknown time zone/);
  });
});
