import { describe, expect, it } from "vitest";
import { apiUrl, so, token, useClientEmulator, watch } from "../support/tenant-api-client.js";

/**
 * User-defined fields through the official client (@superoffice/webapi), the steps of SuperOffice's
 * UserDefinedFieldHelper: read the published layout, create a field, publish it, write a value on a
 * contact through ContactAgent and ContactRestApi, and read it back. Every answer passes the support's
 * Swagger validation (watch()).
 */
useClientEmulator();

function connect() {
  const webapi = new so.WebApi(apiUrl);
  webapi.authenticateWithToken(token);
  return { udefs: watch(webapi.getUserDefinedFieldInfoAgent()), contacts: watch(webapi.getContactAgent()), contactRest: watch(webapi.getContactRestApi()) };
}

describe("user-defined fields through the official client", () => {
  it("reads the seeded published layout and the values on an entity", async () => {
    const c = connect();
    const layout = await c.udefs.getPublishedUserDefinedFieldListAsync(so.UDefType.Contact);
    expect(layout.map((f) => f.progId)).toContain("SuperOffice:1");
    const fieldTypes = layout.map((f) => f.fieldType);
    for (const t of [so.UDefFieldType.ShortText, so.UDefFieldType.Number, so.UDefFieldType.Checkbox, so.UDefFieldType.List]) expect(fieldTypes).toContain(t);
    const contact = await c.contacts.getContactEntityAsync(2);
    expect(Object.keys(contact.userDefinedFields ?? {})).toEqual(expect.arrayContaining(layout.map((f) => f.progId!)));
  });

  it("creates and publishes a field, then writes and reads a value through ContactAgent and ContactRestApi", async () => {
    const c = connect();
    const draft = await c.udefs.createUserDefinedFieldInfoAsync(so.UDefType.Contact, so.UDefFieldType.ShortText);
    draft.fieldLabel = `Client field ${process.pid}`;
    draft.textLength = 40;
    const saved = await c.udefs.saveUserDefinedFieldInfoAsync(draft);
    expect(saved.uDefFieldId).toBeGreaterThan(0);
    const progId = saved.progId!;
    expect(progId).toMatch(/^SuperOffice:\d+$/);
    expect(await c.udefs.detectUnpublishedChangesAsync(so.UDefType.Contact)).toBe(true);
    await c.udefs.publishAsync(so.UDefType.Contact);
    expect((await c.udefs.getPublishedUserDefinedFieldListAsync(so.UDefType.Contact)).map((f) => f.progId)).toContain(progId);

    const contact = await c.contacts.getContactEntityAsync(2);
    contact.userDefinedFields = { ...contact.userDefinedFields, [progId]: "written by the client" };
    const written = await c.contacts.saveContactEntityAsync(contact);
    expect(written.userDefinedFields?.[progId]).toBe("written by the client");
    expect((await c.contactRest.getByIdAsync(2)).userDefinedFields?.[progId]).toBe("written by the client");

    const rest = await c.contactRest.getByIdAsync(2);
    rest.userDefinedFields = { ...rest.userDefinedFields, [progId]: "and through REST" };
    expect((await c.contactRest.putByIdAsync(2, rest)).userDefinedFields?.[progId]).toBe("and through REST");
    expect((await c.contacts.getContactEntityAsync(2)).userDefinedFields?.[progId]).toBe("and through REST");
  });
});
