import { Hono } from "hono";
import type { EmulatorContext } from "../runtime/emulator-context.js";
import { homeOf } from "../store/list-catalogue.js";
import { carrier } from "./carriers/carrier.js";
import { entityEnv, queryParam } from "./entities/entity-env.js";
import { findEntity, parseId } from "./entities/entity-pipeline.js";
import { readJsonBody } from "./json/read-body.js";
import { member, asInt } from "./json/lenient.js";
import { API, type TenantEnv } from "./tenant-env.js";
import { soError } from "../http/superoffice-error.js";
import { contactDescription } from "./entities/contact.js";
import { withUserDefinedFields } from "./entities/user-defined-fields.js";
import { agentArguments, idArray } from "./lists/arguments.js";


// The user's own company, shown as every ContactEntity is (user-defined fields included).
const myContact = withUserDefinedFields(contactDescription);

/**
 * The authenticated associate as the current user (netserver.md §8.2): `User/currentPrincipal` (what the
 * aspnet-contrib handler reads after sign-in), `User/currentAssociate`, `User/currentToken`, `Agents/Associate/GetAssociate`
 * and `Agents/Contact/GetMyContact` (the user's own company).
 */
export function currentUserRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();

  app.get(`${API}/user/currentprincipal`, (c) => {
    const env = entityEnv(ctx, c);
    const { principal, tenant } = env;
    const associate = ctx.store.crm.associate(tenant.contextIdentifier, principal.associateId);
    const user = principal.userId === null ? undefined : ctx.store.users.findById(principal.userId);
    const isAdministrator = associate?.is_administrator === 1;
    const home = homeOf(tenant.timeZone).countryId;
    const system = principal.kind === "system";
    return c.json(
      carrier("SoPrincipalCarrier", {
        UserType: system ? "SystemAssociate" : "InternalAssociate",
        Associate: associate?.name ?? "",
        AssociateId: principal.associateId,
        IsPerson: !system,
        PersonId: associate?.person_id ?? 0,
        CountryId: home,
        HomeCountryId: home,
        ContactId: tenant.ownerContactId ?? 0,
        GroupId: associate?.group_id ?? 1,
        ContactOwner: principal.associateId,
        RoleId: isAdministrator ? 1 : 2,
        RoleName: system ? "System" : isAdministrator ? "Administrator" : "User",
        RoleType: system ? "System" : "Employee",
        FullName: associate ? `${associate.first_name} ${associate.last_name}` : "System user",
        EMailAddress: user?.email ?? "",
        DatabaseContextIdentifier: tenant.contextIdentifier,
        UserName: user?.username ?? "",
      }),
    );
  });

  // The credential this call was made with, as a JSON string the caller can send again (§8.2).
  app.get(`${API}/user/currenttoken`, (c) => c.json((c.req.header("authorization") ?? "").replace(/^\S+\s+/, "").trim()));

  // "Blocked in Online for safety" (§8.2; the status is INFERRED).
  app.get(`${API}/user/current`, () => {
    throw soError("SoAccessDeniedException", "User/current is blocked in Online; use User/currentPrincipal");
  });

  app.get(`${API}/user/currentassociate`, (c) => {
    const env = entityEnv(ctx, c);
    return c.json(env.refs.associate(env.principal.associateId));
  });

  app.post(`${API}/agents/associate/getassociate`, async (c) => {
    const env = entityEnv(ctx, c);
    const fromQuery = queryParam(c, "associateId");
    const id = fromQuery !== undefined ? parseId(fromQuery, "associateId") : asInt(member(await readJsonBody(c), "AssociateId"), "AssociateId");
    return c.json(env.refs.associate(id));
  });

  // GetAssociateList: a bare array of ids; unknown ids are left out, as the list agents do.
  app.post(`${API}/agents/associate/getassociatelist`, async (c) => {
    const env = entityEnv(ctx, c);
    return c.json(idArray(await readJsonBody(c), "associateIds").map((id) => env.refs.associate(id)).filter((a) => a !== null));
  });

  // GetAssociatesByGroup: the tenant's associates in that user group (the seed puts everyone in group 1).
  app.post(`${API}/agents/associate/getassociatesbygroup`, async (c) => {
    const env = entityEnv(ctx, c);
    const args = await agentArguments(c);
    const groupId = asInt(args.value("GroupId"), "GroupId");
    const all = ctx.store.crm.associates(env.tenant.contextIdentifier);
    return c.json(all.filter((a) => a.group_id === groupId).map((a) => env.refs.associate(a.associate_id)));
  });

  app.post(`${API}/agents/contact/getmycontact`, (c) => {
    // A ContactEntity (Swagger-v1-ContactAgent.json), with the users' persons on it.
    const env = entityEnv(ctx, c);
    const row = findEntity(myContact, env, env.tenant.ownerContactId ?? 0);
    return c.json(row ? myContact.show(row, env) : null);
  });

  return app;
}
