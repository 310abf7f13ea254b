/**
 * A 200 built as a Response with a plain headers object. hono's c.body()/c.header() turn two or more headers
 * into a Headers instance, and @hono/node-server then takes its slow path (a Headers copy and iteration per
 * request); a plain object is written as is. Hot answers (discovery, the JWKS, cached entity bytes) use this.
 * The headers object may be shared between responses, so nothing may change it afterwards.
 */
export function plainResponse(body: Uint8Array<ArrayBuffer> | string, headers: Record<string, string>): Response {
  return new Response(body, { status: 200, headers });
}
