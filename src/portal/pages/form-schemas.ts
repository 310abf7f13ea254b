import { z } from "zod";
import { TENANT_STATE_NAMES, type TenantState } from "../../shared/tenant-states.js";

/**
 * The portal's forms as zod schemas: what each post carries, with the defaults a browser's missing field
 * gets. Field values are kept as typed for re-showing the form; what is wrong with them is the page's
 * message (`Field: problem.`), checked by the schemas below or by the services.
 */
const text = (fallback = "") => z.string().default(fallback);
const trimmed = () => text().transform((v) => v.trim());
/** An HTML checkbox: sent as "on" when ticked, absent otherwise. */
const checkbox = () => z.string().optional().transform((v) => v === "on");

/** Apps page, "Register an app". URLs, name and kind are checked by the service, whose messages name the field. */
export const registerAppForm = z.object({
  name: text(),
  type: text("custom"),
  kind: text("web"),
  redirectUris: text(),
  postLogoutRedirectUris: text(),
  corsOrigins: text(),
  systemUser: checkbox(),
  webhooks: checkbox(),
});

/** Tenants page, "Create a tenant". */
export const createTenantForm = z.object({ contextIdentifier: trimmed(), companyName: trimmed(), profile: text("standard"), state: text("Running") });

/** A tenant state name in any case, as the state switcher and the create form send it. */
export const tenantStateField = z
  .string()
  .optional()
  .transform((s, ctx): TenantState => {
    const name = TENANT_STATE_NAMES.find((n) => n.toLowerCase() === (s ?? "").toLowerCase());
    if (!name) ctx.addIssue({ code: "custom", message: `State: expected one of ${TENANT_STATE_NAMES.join(", ")}.` });
    return name ?? "Running";
  });

export const companyNameField = z.string().max(100, { error: "Company name: at most 100 characters." });

/** Tenants page, "Add user": a SuperID user name (an e-mail address) and the administrator tick. */
export const addUserForm = z.object({ username: trimmed(), administrator: checkbox() });
const USER_NAME_PROBLEM = "User: expected a SuperID user name such as someone@example.com.";
export const superIdUserName = z.string().max(200, { error: USER_NAME_PROBLEM }).regex(/^[^\s@]+@[^\s@]+$/, { error: USER_NAME_PROBLEM });

/** The first problem's message, as the page shows it. */
export function formProblem(error: z.ZodError): string {
  return error.issues[0]!.message;
}
