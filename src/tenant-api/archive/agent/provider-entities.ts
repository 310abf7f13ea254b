import { carrier } from "../../carriers/carrier.js";
import type { ArchiveProvider } from "../providers/provider.js";

/**
 * The entities of each provider (the checkboxes under a SuperOffice archive; docs: archive-providers/
 * reference). SOD's providers have more (Person's `retiredPerson`, InternalUsers' licence entities);
 * the emulator offers the one entity that covers all of a provider's rows, so choosing entities never
 * hides a row the OData list shows.
 */
const ENTITIES: Readonly<Record<string, { name: string; displayName: string }>> = {
  SimpleContact: { name: "contact", displayName: "Company" },
  Person: { name: "person", displayName: "Contacts" },
  FindAppointment: { name: "appointment", displayName: "Appointment" },
  FindSale: { name: "sale", displayName: "Sale" },
  InternalUsers: { name: "all", displayName: "All" },
};

export function providerEntities(provider: ArchiveProvider): { name: string; displayName: string }[] {
  const entity = ENTITIES[provider.name];
  return entity ? [entity] : [{ name: provider.entityName, displayName: provider.entityName }];
}

/**
 * GetAvailableEntities' MDOListItem per entity, as its documentation maps it: Name = display name,
 * Type = code name, StyleHint = optional/mandatory, IconHint = shown by default.
 */
export function availableEntities(provider: ArchiveProvider) {
  return providerEntities(provider).map((e, i) =>
    carrier("MDOListItem", { Id: i + 1, Name: e.displayName, ToolTip: "", Rank: i + 1, Type: e.name, StyleHint: "optional", IconHint: "true", TableRight: null, FieldProperties: {} }),
  );
}

/** ArchiveConfiguration's ArchiveEntityInfo: the same entities as SelectableMDOListItems, chosen ones Selected. */
export function entityInfo(provider: ArchiveProvider, chosen: readonly string[] | null) {
  return providerEntities(provider).map((e, i) =>
    carrier("SelectableMDOListItem", {
      Id: i + 1,
      Name: e.displayName,
      ToolTip: "",
      Rank: i + 1,
      Type: e.name,
      StyleHint: "optional",
      IconHint: "true",
      Selected: chosen === null || chosen.includes(e.name),
      TableRight: null,
      FieldProperties: {},
    }),
  );
}
