import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { Run } from "../run.js";
import { jsonOf, send } from "../wire.js";
import { accessTokenOf, soClaim, StepOrderError } from "./tokens.js";

/**
 * Step 6: the first API calls, to the tenant's web API at the id_token's `webapi_url`, with the access token
 * as a Bearer token: who am I (`v1/User/currentPrincipal`), then the contact the principal belongs to.
 * Repeatable, so a presenter can switch the tenant's state and show the 503 an app must handle.
 */
export async function callApi(ctx: EmulatorContext, run: Run, again: boolean): Promise<void> {
  const token = accessTokenOf(run);
  const webapi = soClaim(run, "webapi_url");
  if (!token || !webapi) throw new StepOrderError("There is no access token yet: step 4 must answer 200 first.");
  if (run.refresh) throw new StepOrderError("This run's tokens were revoked in step 7. Choose Start over for a new run.");
  const headers = { Authorization: `Bearer ${token}`, Accept: "application/json" };
  const principal = await send(again ? "Who am I? (again)" : "Who am I?", { method: "GET", url: `${webapi}v1/User/currentPrincipal`, headers });
  run.api = [...(run.api ?? []), principal];
  if (again) return;
  const contactId = jsonOf(principal)?.ContactId;
  if (typeof contactId === "number" && contactId > 0) {
    run.api.push(await send("The principal's company (a contact)", { method: "GET", url: `${webapi}v1/Contact/${contactId}`, headers }));
  }
}
