import { Hono } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { member } from "../../tenant-api/json/lenient.js";
import { exchangeSignedSystemToken, SystemUserRefusal } from "./exchange.js";
import { withBackchannel } from "../../runtime/backchannel.js";

/**
 * `POST /Login/api/PartnerSystemUser/Authenticate` (identity.md §8.3): JSON in (member names in any
 * case), `{IsSuccessful, Token, ErrorMessage}` out with exactly that casing, 200 even for refusals.
 */
export function systemUserRestRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  app.post("/login/api/partnersystemuser/authenticate", async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return c.json({ IsSuccessful: false, Token: null, ErrorMessage: "The request body must be a JSON object" }, 400);
    }
    const text = (name: string) => {
      const v = member(body, name);
      return typeof v === "string" ? v : "";
    };
    try {
      const token = await exchangeSignedSystemToken(withBackchannel(ctx, c), {
        signedSystemToken: text("SignedSystemToken"),
        applicationToken: text("ApplicationToken"),
        contextIdentifier: text("ContextIdentifier"),
        returnTokenType: text("ReturnTokenType"),
      });
      return c.json({ IsSuccessful: true, Token: token, ErrorMessage: null });
    } catch (err) {
      if (err instanceof SystemUserRefusal) return c.json({ IsSuccessful: false, Token: null, ErrorMessage: err.message });
      throw err;
    }
  });
  return app;
}
