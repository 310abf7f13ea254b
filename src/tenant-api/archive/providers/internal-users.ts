import { associatePart } from "./associate-columns.js";
import { bool, defineProvider } from "./columns.js";

/**
 * `InternalUsers` (netserver.md §5.6): the tenant's own people — every associate that is a SuperID
 * user, and every associate that is not the tenant's system user (resources). Retired associates stay
 * listed (`isActive` tells them apart), as with SuperOffice's `all` entity.
 */
export const internalUsersProvider = defineProvider({
  name: "InternalUsers",
  entityName: "associate",
  root: "associates a",
  parts: () => [
    associatePart("a"),
    // Not a SuperOffice column: whether the associate administers the tenant (stored, and useful to apps).
    { joins: [], columns: [bool("isAdministrator", "a.is_administrator")] },
  ],
  where: "a.context_identifier = @ctx AND (a.user_id IS NOT NULL OR a.type <> 'SystemAssociate')",
  primaryKey: "a.associate_id",
  defaultSelect: ["associateDbId", "name", "fullName", "userName"],
  defaultOrder: "a.associate_id ASC",
});
