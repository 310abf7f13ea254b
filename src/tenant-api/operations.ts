import { routePattern, type Operation } from "../http/operation-table.js";
import type { EntityDescription } from "./entities/entity-description.js";

/**
 * Every operation of the tenant web API, one line each, named as SuperOffice's Swagger files spell them:
 * `v1/…` after `/{ContextIdentifier}/api/`, `Agents/{Agent}/{Method}` after `/{ContextIdentifier}/api/v1/`.
 * Grep a client's URL here to find the file that answers it. The entity agents (`does`) are registered
 * from these rows (entity-agent-routes.ts, list-agents.ts); the other files register their own routes, and
 * test/e2e/operation-tables.test.ts proves the router and this table agree both ways.
 * test/unit/swagger-coverage.test.ts compares the table with SuperOffice's Swagger files
 * (docs/swagger-coverage.md). A new endpoint is a new line here.
 */
export interface TenantOperation extends Operation {
  /** For rows registered from this table: the entity whose description serves it. */
  entity?: EntityDescription["name"];
  /** …and which of the shared entity handlers answers; DescriptionMethod is one of `agentMethods`. */
  does?: EntityAgentRole;
}

export type EntityAgentRole = "CreateDefaultEntity" | "GetEntity" | "Get" | "GetList" | "SaveEntity" | "ValidateEntity" | "DeleteEntity" | "DescriptionMethod";

const VERSION = "tenant-api/version.ts";
const CURRENT_USER = "tenant-api/current-user.ts";
const ENTITY_REST = "tenant-api/entities/entity-rest-routes.ts";
const ENTITY_AGENTS = "tenant-api/entities/entity-agent-routes.ts";
const LIST_AGENTS = "tenant-api/entities/list-agents.ts";
const SOFT_DELETE = "tenant-api/entities/soft-delete.ts";
const LIST_REST = "tenant-api/lists/list-routes.ts";
const LIST_AGENT_ROUTES = "tenant-api/lists/list-agent-routes.ts";
const MDO = "tenant-api/lists/mdo-routes.ts";
const ARCHIVE = "tenant-api/archive/routes.ts";
const WEBHOOKS = "tenant-api/webhooks/webhook-routes.ts";
const ARCHIVE_AGENT = "tenant-api/archive/archive-agent.ts";
const ARCHIVE_CONFIGURATION = "tenant-api/archive/agent/configuration.ts";

export const TENANT_API_OPERATIONS: readonly TenantOperation[] = [
  // The anonymous version document (the one name that is a full path).
  { method: "GET", name: "/{ContextIdentifier}/api", file: VERSION },
  // The current user
  { method: "GET", name: "v1/User/currentPrincipal", file: CURRENT_USER },
  { method: "GET", name: "v1/User/currentAssociate", file: CURRENT_USER },
  { method: "GET", name: "v1/User/currentToken", file: CURRENT_USER },
  { method: "GET", name: "v1/User/current", file: CURRENT_USER },
  { method: "POST", name: "Agents/Associate/GetAssociate", file: CURRENT_USER },
  { method: "POST", name: "Agents/Associate/GetAssociateList", file: CURRENT_USER },
  { method: "POST", name: "Agents/Associate/GetAssociatesByGroup", file: CURRENT_USER },
  // Contact
  { method: "GET", name: "v1/Contact", file: ARCHIVE },
  { method: "POST", name: "v1/Contact", file: ENTITY_REST },
  { method: "GET", name: "v1/Contact/default", file: ENTITY_REST },
  { method: "POST", name: "v1/Contact/Validate", file: ENTITY_REST },
  { method: "GET", name: "v1/Contact/{id}", file: ENTITY_REST },
  { method: "PUT", name: "v1/Contact/{id}", file: ENTITY_REST },
  { method: "PATCH", name: "v1/Contact/{id}", file: ENTITY_REST },
  { method: "DELETE", name: "v1/Contact/{id}", file: ENTITY_REST },
  { method: "GET", name: "v1/Contact/{id}/Simple", file: ENTITY_REST },
  { method: "GET", name: "v1/Contact/{id}/Persons", file: ARCHIVE },
  { method: "GET", name: "v1/Contact/{id}/Appointments", file: ARCHIVE },
  { method: "GET", name: "v1/Contact/{id}/Sales", file: ARCHIVE },
  { method: "POST", name: "Agents/Contact/CreateDefaultContactEntity", file: ENTITY_AGENTS, entity: "Contact", does: "CreateDefaultEntity" },
  { method: "POST", name: "Agents/Contact/GetContactEntity", file: ENTITY_AGENTS, entity: "Contact", does: "GetEntity" },
  { method: "POST", name: "Agents/Contact/GetContact", file: ENTITY_AGENTS, entity: "Contact", does: "Get" },
  { method: "POST", name: "Agents/Contact/GetContactList", file: LIST_AGENTS, entity: "Contact", does: "GetList" },
  { method: "POST", name: "Agents/Contact/SaveContactEntity", file: ENTITY_AGENTS, entity: "Contact", does: "SaveEntity" },
  { method: "POST", name: "Agents/Contact/ValidateContactEntity", file: ENTITY_AGENTS, entity: "Contact", does: "ValidateEntity" },
  { method: "POST", name: "Agents/Contact/DeleteContactEntity", file: ENTITY_AGENTS, entity: "Contact", does: "DeleteEntity" },
  { method: "POST", name: "Agents/Contact/GetContactWithPersons", file: ENTITY_AGENTS, entity: "Contact", does: "DescriptionMethod" },
  { method: "POST", name: "Agents/Contact/GetPersons", file: LIST_AGENTS },
  { method: "POST", name: "Agents/Contact/GetMyContact", file: CURRENT_USER },
  { method: "POST", name: "Agents/Contact/Undelete", file: SOFT_DELETE },
  // Person
  { method: "GET", name: "v1/Person", file: ARCHIVE },
  { method: "POST", name: "v1/Person", file: ENTITY_REST },
  { method: "GET", name: "v1/Person/default", file: ENTITY_REST },
  { method: "POST", name: "v1/Person/Validate", file: ENTITY_REST },
  { method: "GET", name: "v1/Person/{id}", file: ENTITY_REST },
  { method: "PUT", name: "v1/Person/{id}", file: ENTITY_REST },
  { method: "PATCH", name: "v1/Person/{id}", file: ENTITY_REST },
  { method: "DELETE", name: "v1/Person/{id}", file: ENTITY_REST },
  { method: "GET", name: "v1/Person/{id}/Simple", file: ENTITY_REST },
  { method: "GET", name: "v1/Person/{id}/Appointments", file: ARCHIVE },
  { method: "GET", name: "v1/Person/{id}/Sales", file: ARCHIVE },
  { method: "POST", name: "Agents/Person/CreateDefaultPersonEntity", file: ENTITY_AGENTS, entity: "Person", does: "CreateDefaultEntity" },
  { method: "POST", name: "Agents/Person/GetPersonEntity", file: ENTITY_AGENTS, entity: "Person", does: "GetEntity" },
  { method: "POST", name: "Agents/Person/GetPerson", file: ENTITY_AGENTS, entity: "Person", does: "Get" },
  { method: "POST", name: "Agents/Person/GetPersonList", file: LIST_AGENTS, entity: "Person", does: "GetList" },
  { method: "POST", name: "Agents/Person/SavePersonEntity", file: ENTITY_AGENTS, entity: "Person", does: "SaveEntity" },
  { method: "POST", name: "Agents/Person/ValidatePersonEntity", file: ENTITY_AGENTS, entity: "Person", does: "ValidateEntity" },
  { method: "POST", name: "Agents/Person/DeletePersonEntity", file: ENTITY_AGENTS, entity: "Person", does: "DeleteEntity" },
  { method: "POST", name: "Agents/Person/Undelete", file: SOFT_DELETE },
  // Appointment
  { method: "GET", name: "v1/Appointment", file: ARCHIVE },
  { method: "POST", name: "v1/Appointment", file: ENTITY_REST },
  { method: "GET", name: "v1/Appointment/default", file: ENTITY_REST },
  { method: "POST", name: "v1/Appointment/Validate", file: ENTITY_REST },
  { method: "GET", name: "v1/Appointment/{id}", file: ENTITY_REST },
  { method: "PUT", name: "v1/Appointment/{id}", file: ENTITY_REST },
  { method: "PATCH", name: "v1/Appointment/{id}", file: ENTITY_REST },
  { method: "DELETE", name: "v1/Appointment/{id}", file: ENTITY_REST },
  { method: "GET", name: "v1/Appointment/{id}/Simple", file: ENTITY_REST },
  { method: "POST", name: "Agents/Appointment/CreateDefaultAppointmentEntity", file: ENTITY_AGENTS, entity: "Appointment", does: "CreateDefaultEntity" },
  { method: "POST", name: "Agents/Appointment/GetAppointmentEntity", file: ENTITY_AGENTS, entity: "Appointment", does: "GetEntity" },
  { method: "POST", name: "Agents/Appointment/GetAppointment", file: ENTITY_AGENTS, entity: "Appointment", does: "Get" },
  { method: "POST", name: "Agents/Appointment/GetAppointmentList", file: LIST_AGENTS, entity: "Appointment", does: "GetList" },
  { method: "POST", name: "Agents/Appointment/SaveAppointmentEntity", file: ENTITY_AGENTS, entity: "Appointment", does: "SaveEntity" },
  { method: "POST", name: "Agents/Appointment/ValidateAppointmentEntity", file: ENTITY_AGENTS, entity: "Appointment", does: "ValidateEntity" },
  { method: "POST", name: "Agents/Appointment/DeleteAppointmentEntity", file: ENTITY_AGENTS, entity: "Appointment", does: "DeleteEntity" },
  { method: "POST", name: "Agents/Appointment/CreateDefaultAppointmentEntityByType", file: ENTITY_AGENTS, entity: "Appointment", does: "DescriptionMethod" },
  { method: "POST", name: "Agents/Appointment/CreateDefaultAppointmentEntityByTypeAndAssociate", file: ENTITY_AGENTS, entity: "Appointment", does: "DescriptionMethod" },
  // Sale
  { method: "GET", name: "v1/Sale", file: ARCHIVE },
  { method: "POST", name: "v1/Sale", file: ENTITY_REST },
  { method: "GET", name: "v1/Sale/default", file: ENTITY_REST },
  { method: "POST", name: "v1/Sale/Validate", file: ENTITY_REST },
  { method: "GET", name: "v1/Sale/{id}", file: ENTITY_REST },
  { method: "PUT", name: "v1/Sale/{id}", file: ENTITY_REST },
  { method: "PATCH", name: "v1/Sale/{id}", file: ENTITY_REST },
  { method: "DELETE", name: "v1/Sale/{id}", file: ENTITY_REST },
  { method: "GET", name: "v1/Sale/{id}/Simple", file: ENTITY_REST },
  { method: "GET", name: "v1/Sale/{id}/Activities", file: ARCHIVE },
  { method: "POST", name: "Agents/Sale/CreateDefaultSaleEntity", file: ENTITY_AGENTS, entity: "Sale", does: "CreateDefaultEntity" },
  { method: "POST", name: "Agents/Sale/GetSaleEntity", file: ENTITY_AGENTS, entity: "Sale", does: "GetEntity" },
  { method: "POST", name: "Agents/Sale/GetSale", file: ENTITY_AGENTS, entity: "Sale", does: "Get" },
  { method: "POST", name: "Agents/Sale/GetSaleList", file: LIST_AGENTS, entity: "Sale", does: "GetList" },
  { method: "POST", name: "Agents/Sale/SaveSaleEntity", file: ENTITY_AGENTS, entity: "Sale", does: "SaveEntity" },
  { method: "POST", name: "Agents/Sale/ValidateSaleEntity", file: ENTITY_AGENTS, entity: "Sale", does: "ValidateEntity" },
  { method: "POST", name: "Agents/Sale/DeleteSaleEntity", file: ENTITY_AGENTS, entity: "Sale", does: "DeleteEntity" },
  // Lists over REST: the routes take any seeded list's name; the rows after the generic ones name each list.
  { method: "GET", name: "v1/List", file: LIST_REST },
  { method: "GET", name: "v1/List/{udListDefinitionName}/Items", file: LIST_REST },
  { method: "GET", name: "v1/List/{udListDefinitionName}/Items/{id}", file: LIST_REST },
  { method: "GET", name: "v1/List/{name}/Headings", file: LIST_REST },
  { method: "GET", name: "v1/List/{name}/MDOItems", file: LIST_REST },
  { method: "GET", name: "v1/List/Category/Items", file: LIST_REST },
  { method: "GET", name: "v1/List/Category/Items/{id}", file: LIST_REST },
  { method: "GET", name: "v1/List/Category/Headings", file: LIST_REST },
  { method: "GET", name: "v1/List/Category/MDOItems", file: LIST_REST },
  { method: "GET", name: "v1/List/Business/Items", file: LIST_REST },
  { method: "GET", name: "v1/List/Business/Items/{id}", file: LIST_REST },
  { method: "GET", name: "v1/List/Business/Headings", file: LIST_REST },
  { method: "GET", name: "v1/List/Business/MDOItems", file: LIST_REST },
  { method: "GET", name: "v1/List/Country/Items", file: LIST_REST },
  { method: "GET", name: "v1/List/Country/Items/{id}", file: LIST_REST },
  { method: "GET", name: "v1/List/Country/Headings", file: LIST_REST },
  { method: "GET", name: "v1/List/Country/MDOItems", file: LIST_REST },
  { method: "GET", name: "v1/List/Currency/Items", file: LIST_REST },
  { method: "GET", name: "v1/List/Currency/Items/{id}", file: LIST_REST },
  { method: "GET", name: "v1/List/Currency/Headings", file: LIST_REST },
  { method: "GET", name: "v1/List/Currency/MDOItems", file: LIST_REST },
  { method: "GET", name: "v1/List/Rating/Items", file: LIST_REST },
  { method: "GET", name: "v1/List/Rating/Items/{id}", file: LIST_REST },
  { method: "GET", name: "v1/List/Rating/Headings", file: LIST_REST },
  { method: "GET", name: "v1/List/Rating/MDOItems", file: LIST_REST },
  { method: "GET", name: "v1/List/SaleType/Items", file: LIST_REST },
  { method: "GET", name: "v1/List/SaleType/Items/{id}", file: LIST_REST },
  { method: "GET", name: "v1/List/SaleType/Headings", file: LIST_REST },
  { method: "GET", name: "v1/List/SaleType/MDOItems", file: LIST_REST },
  { method: "GET", name: "v1/List/Task/Items", file: LIST_REST },
  { method: "GET", name: "v1/List/Task/Items/{id}", file: LIST_REST },
  { method: "GET", name: "v1/List/Task/Headings", file: LIST_REST },
  { method: "GET", name: "v1/List/Task/MDOItems", file: LIST_REST },
  { method: "GET", name: "v1/List/Source/Items", file: LIST_REST },
  { method: "GET", name: "v1/List/Source/Items/{id}", file: LIST_REST },
  { method: "GET", name: "v1/List/Source/Headings", file: LIST_REST },
  { method: "GET", name: "v1/List/Source/MDOItems", file: LIST_REST },
  { method: "GET", name: "v1/List/Position/Items", file: LIST_REST },
  { method: "GET", name: "v1/List/Position/Items/{id}", file: LIST_REST },
  { method: "GET", name: "v1/List/Position/Headings", file: LIST_REST },
  { method: "GET", name: "v1/List/Position/MDOItems", file: LIST_REST },
  // Lists over Agents (one method per seeded list and carrier form)
  { method: "POST", name: "Agents/List/GetListEntityByName", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetCategories", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetCategory", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetCategoryList", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetBusinesses", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetBusiness", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetBusinessList", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetCountries", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetAllCountries", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetCountry", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetCountryList", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetCurrencies", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetAllCurrencies", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetCurrency", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetCurrencyEntity", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetCurrencyList", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetRatings", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetAllSaleStages", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetRating", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetSaleStageEntity", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetRatingList", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetAllSaleType", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetAllSaleTypeEntities", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetSaleType", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetSaleTypeEntity", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetSaleTypeList", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetAllTasks", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetSources", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetSource", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetSourceList", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetPositions", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetPosition", file: LIST_AGENT_ROUTES },
  { method: "POST", name: "Agents/List/GetPositionList", file: LIST_AGENT_ROUTES },
  // MDO lists
  { method: "GET", name: "v1/MDOList/{listname}", file: MDO },
  { method: "POST", name: "Agents/MDO/GetList", file: MDO },
  { method: "POST", name: "Agents/MDO/GetListWithRestriction", file: MDO },
  { method: "POST", name: "Agents/MDO/GetSimpleList", file: MDO },
  { method: "POST", name: "Agents/MDO/GetListItem", file: MDO },
  // Archives (the entities' own lists, `GET v1/Contact`, are with each entity above)
  { method: "GET", name: "v1/Archive", file: ARCHIVE },
  { method: "GET", name: "v1/Archive/{archiveProviderName}", file: ARCHIVE },
  { method: "POST", name: "v1/Archive/{archiveProviderName}", file: ARCHIVE },
  { method: "GET", name: "v1/Archive/{archiveProviderName}/$metadata", file: ARCHIVE },
  { method: "POST", name: "Agents/Archive/GetArchiveListByColumns", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetArchiveListByColumnsWithContext", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetArchiveList", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetArchiveListWithContext", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetArchiveListByColumns2", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetArchiveListByColumnsWithContext2", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetArchiveList2", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetArchiveListWithContext2", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetArchiveListByColumnsWithHeader", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetArchiveListByColumnsWithHeaderWithContext", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetArchiveListByColumnsWithHeader2", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetArchiveListByColumnsWithHeaderWithContext2", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/CreateDefaultArchiveListResult", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetProviderNames", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetAvailableColumns", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetAvailableEntities", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetGroupAssociateIds", file: ARCHIVE_AGENT },
  { method: "POST", name: "Agents/Archive/GetArchiveConfiguration", file: ARCHIVE_CONFIGURATION },
  { method: "POST", name: "Agents/Archive/GetArchiveConfigurationWithContext", file: ARCHIVE_CONFIGURATION },
  { method: "POST", name: "Agents/Archive/GetArchiveConfigurationV2", file: ARCHIVE_CONFIGURATION },
  { method: "POST", name: "Agents/Archive/SetChosenColumns", file: ARCHIVE_CONFIGURATION },
  { method: "POST", name: "Agents/Archive/SetChosenColumnsV2", file: ARCHIVE_CONFIGURATION },
  { method: "POST", name: "Agents/Archive/SetChosenEntities", file: ARCHIVE_CONFIGURATION },
  { method: "POST", name: "Agents/Archive/SetChosenEntitiesV2", file: ARCHIVE_CONFIGURATION },
  { method: "POST", name: "Agents/Archive/SetColumnWidths", file: ARCHIVE_CONFIGURATION },
  { method: "POST", name: "Agents/Archive/SetColumnWidthsV2", file: ARCHIVE_CONFIGURATION },
  // Webhooks (Swagger-v1-Webhook.json, Swagger-v1-WebhookAgent.json)
  { method: "GET", name: "v1/Webhook/default", file: WEBHOOKS },
  { method: "GET", name: "v1/Webhook", file: WEBHOOKS },
  { method: "POST", name: "v1/Webhook", file: WEBHOOKS },
  { method: "POST", name: "v1/Webhook/Test", file: WEBHOOKS },
  { method: "GET", name: "v1/Webhook/{id}", file: WEBHOOKS },
  { method: "PUT", name: "v1/Webhook/{id}", file: WEBHOOKS },
  { method: "PATCH", name: "v1/Webhook/{id}", file: WEBHOOKS },
  { method: "DELETE", name: "v1/Webhook/{id}", file: WEBHOOKS },
  { method: "GET", name: "v1/Webhook/{webhookId}/LastError", file: WEBHOOKS },
  { method: "POST", name: "v1/Webhook/{eventName}/{primaryKey}", file: WEBHOOKS },
  { method: "POST", name: "Agents/Webhook/CreateDefaultWebhook", file: WEBHOOKS },
  { method: "POST", name: "Agents/Webhook/SaveWebhook", file: WEBHOOKS },
  { method: "POST", name: "Agents/Webhook/DeleteWebhook", file: WEBHOOKS },
  { method: "POST", name: "Agents/Webhook/GetWebhook", file: WEBHOOKS },
  { method: "POST", name: "Agents/Webhook/GetAllWebhooks", file: WEBHOOKS },
  { method: "POST", name: "Agents/Webhook/TestWebhook", file: WEBHOOKS },
  { method: "POST", name: "Agents/Webhook/SignalEvent", file: WEBHOOKS },
  { method: "POST", name: "Agents/Webhook/GetLastError", file: WEBHOOKS },
];

/** Where the router declares a row: `v1/…` under `/:ctx/api/`, `Agents/…` under `/:ctx/api/v1/` (lower case). */
export function tenantRoute(name: string): string {
  const path = name.startsWith("/") ? name : name.startsWith("Agents/") ? `/{ContextIdentifier}/api/v1/${name}` : `/{ContextIdentifier}/api/${name}`;
  return routePattern(path.replace("{ContextIdentifier}", "{ctx}"));
}

/** The rows an entity's shared handlers answer, with the role each plays. */
export function entityOperations<R extends EntityAgentRole>(entity: EntityDescription["name"], roles: readonly R[]): (TenantOperation & { does: R })[] {
  return TENANT_API_OPERATIONS.filter((op): op is TenantOperation & { does: R } => op.entity === entity && (roles as readonly EntityAgentRole[]).includes(op.does!));
}
