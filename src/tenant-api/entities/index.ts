import { appointmentDescription } from "./appointment.js";
import { contactDescription } from "./contact.js";
import { documentDescription } from "./document.js";
import type { EntityDescription } from "./entity-description.js";
import { personDescription } from "./person.js";
import { projectDescription } from "./project.js";
import { saleDescription } from "./sale.js";
import { withUserDefinedFields } from "./user-defined-fields.js";

/**
 * The entities the tenant API serves; each gets the same REST and Agents endpoints, and the same
 * `UserDefinedFields` handling (user-defined-fields.ts).
 */
export const ENTITY_DESCRIPTIONS: readonly EntityDescription[] = [
  withUserDefinedFields(contactDescription),
  withUserDefinedFields(personDescription),
  withUserDefinedFields(appointmentDescription),
  withUserDefinedFields(saleDescription),
  withUserDefinedFields(projectDescription),
  withUserDefinedFields(documentDescription),
];
