import type { Context } from "hono";
import type { SecureHeadersVariables } from "hono/secure-headers";
import type { AuthorizationRequest } from "./authorization-request.js";

/**
 * Sends the authorization response (or error) to the app's redirect URI in the request's response mode
 * (OAuth 2.0 Multiple Response Types; Form Post Response Mode). `state` is echoed when the app sent it.
 */
export async function deliver(c: Context, request: Pick<AuthorizationRequest, "redirectUri" | "responseMode" | "state">, values: Record<string, string>) {
  const params: Record<string, string> = Object.assign({}, values);
  if (request.state !== undefined) params.state = request.state;
  if (request.responseMode === "form_post") {
    c.header("Cache-Control", "no-store");
    const nonce = (c as Context<{ Variables: SecureHeadersVariables }>).get("secureHeadersNonce");
    // Pages load with their first use: a run that never renders one never loads hono/jsx.
    const { FormPostPage } = await import("../screens/form-post.js");
    return c.html(FormPostPage({ action: request.redirectUri, params, nonce }));
  }
  const url = new URL(request.redirectUri);
  const encoded = new URLSearchParams(params);
  if (request.responseMode === "fragment") url.hash = encoded.toString();
  else for (const [k, v] of encoded) url.searchParams.append(k, v);
  return c.redirect(url.toString(), 303);
}
