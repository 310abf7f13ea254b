import { Hono } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { exchangeSignedSystemToken, SystemUserRefusal } from "./exchange.js";
import { readSoapFields, SoapReadError, type SoapFields } from "./soap-reader.js";
import { partnerSystemUserWsdl } from "./wsdl.js";
import { backchannelUrls, withBackchannel } from "../../runtime/backchannel.js";

const NS = "http://www.superoffice.com/superid/partnersystemuser/0.1";

/**
 * The SOAP 1.1 variant (identity.md §8.4), `/login/services/PartnerSystemUserService.svc`: ApplicationToken
 * and ContextIdentifier in the header, AuthenticationRequest in the body, AuthenticationResponse back as
 * WCF writes it. The WSDL is served at `?wsdl`.
 */
export function systemUserSoapRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  const path = "/login/services/partnersystemuserservice.svc";
  app.get(path, (c) => {
    const wsdl = Object.keys(c.req.query()).some((k) => k.toLowerCase() === "wsdl");
    if (!wsdl) return c.text("PartnerSystemUserService: POST SOAP 1.1 requests here; the WSDL is at ?wsdl", 200);
    return c.body(partnerSystemUserWsdl(`${backchannelUrls(ctx, c.req.url).backchannelUrl ?? ctx.urls.publicUrl}/login/services/PartnerSystemUserService.svc`), 200, { "content-type": "text/xml; charset=utf-8" });
  });
  app.post(path, async (c) => {
    let request: SoapFields;
    try {
      request = readSoapFields(await c.req.text(), ["SignedSystemToken", "ApplicationToken", "ContextIdentifier", "ReturnTokenType"]);
    } catch (err) {
      if (!(err instanceof SoapReadError)) throw err;
      return c.body(fault(`The request is not well-formed XML: ${err.message}`), 400, { "content-type": "text/xml; charset=utf-8" });
    }
    if (request.root !== "Envelope") return c.body(fault("The request is not a SOAP envelope"), 400, { "content-type": "text/xml; charset=utf-8" });
    const field = (name: string) => request.fields.get(name) ?? "";
    let response: { ok: boolean; token: string | null; error: string | null };
    try {
      const token = await exchangeSignedSystemToken(withBackchannel(ctx, c), {
        signedSystemToken: field("SignedSystemToken"),
        applicationToken: field("ApplicationToken"),
        contextIdentifier: field("ContextIdentifier"),
        returnTokenType: field("ReturnTokenType"),
      });
      response = { ok: true, token, error: null };
    } catch (err) {
      if (!(err instanceof SystemUserRefusal)) throw err;
      response = { ok: false, token: null, error: err.message };
    }
    return c.body(envelope(response), 200, { "content-type": "text/xml; charset=utf-8" });
  });
  return app;
}

function envelope(r: { ok: boolean; token: string | null; error: string | null }): string {
  const nil = (name: string) => `<${name} i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/>`;
  return (
    `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><AuthenticationResponse xmlns="${NS}">` +
    `<IsSuccessful>${r.ok}</IsSuccessful>` +
    (r.token === null ? nil("Token") : `<Token>${escapeXml(r.token)}</Token>`) +
    (r.error === null ? nil("ErrorMessage") : `<ErrorMessage>${escapeXml(r.error)}</ErrorMessage>`) +
    `</AuthenticationResponse></s:Body></s:Envelope>`
  );
}

function fault(message: string): string {
  return `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>${escapeXml(message)}</faultstring></s:Fault></s:Body></s:Envelope>`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
