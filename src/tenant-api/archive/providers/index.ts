import { findAppointmentProvider } from "./find-appointment.js";
import { findSaleProvider } from "./find-sale.js";
import { internalUsersProvider } from "./internal-users.js";
import { personProvider } from "./person.js";
import type { ArchiveProvider } from "./provider.js";
import { simpleContactProvider } from "./simple-contact.js";
import { projectProvider } from "./project.js";
import { projectMemberProvider } from "./project-member.js";
import { documentProvider } from "./document.js";

export type { ArchiveColumn, ArchiveProvider, ColumnType } from "./provider.js";
export { findAppointmentProvider, findSaleProvider, internalUsersProvider, personProvider, simpleContactProvider };

/** Every archive provider the emulator serves (`GET v1/Archive` lists them in this order). */
export const ARCHIVE_PROVIDERS: readonly ArchiveProvider[] = Object.freeze([
  simpleContactProvider,
  personProvider,
  findAppointmentProvider,
  findSaleProvider,
  internalUsersProvider,
  projectProvider,
  projectMemberProvider,
  documentProvider,
]);

/**
 * Other names SuperOffice's own samples use for the same rows (RESTful-HTTP-Queries): FindContact searches
 * companies as SimpleContact does, SimplePerson persons as Person, Sale sales as FindSale. Activity and
 * SaleActivity list follow-ups, documents and sales on SOD; the emulator has follow-ups only, so they answer
 * as FindAppointment (with its recordType), `$entities` aside.
 */
const ALIASES: Record<string, string> = {
  findcontact: "simplecontact",
  simpleperson: "person",
  sale: "findsale",
  activity: "findappointment",
  saleactivity: "findappointment",
};

const byLowerName = new Map(ARCHIVE_PROVIDERS.map((p) => [p.name.toLowerCase(), p]));
for (const [alias, name] of Object.entries(ALIASES)) byLowerName.set(alias, byLowerName.get(name)!);

/** The provider named `name` as in `v1/Archive/{provider}`, matched case-insensitively; undefined if none. */
export function providerByName(name: string): ArchiveProvider | undefined {
  return byLowerName.get(name.toLowerCase());
}

/** The provider (by name) behind each entity's list endpoint, `GET /api/v1/{Entity}` (netserver.md §5.1). */
export const ENTITY_PROVIDERS: Readonly<Record<"Contact" | "Person" | "Appointment" | "Sale" | "Project" | "Document", string>> = Object.freeze({
  Contact: simpleContactProvider.name,
  Person: personProvider.name,
  Appointment: findAppointmentProvider.name,
  Sale: findSaleProvider.name,
  Project: projectProvider.name,
  Document: documentProvider.name,
});
