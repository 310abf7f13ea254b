import type { Context } from "hono";
import { PortalLayout, PORTAL_NAV } from "./layout.js";

type Section = (typeof PORTAL_NAV)[number]["href"];

/** 403: a portal form post without its CSRF token, or from another origin. */
export function forged(c: Context) {
  const section = (PORTAL_NAV.find((n) => c.req.path.startsWith(n.href))?.href ?? "/portal/apps") as Section;
  return c.html(
    <PortalLayout title="Form rejected" section={section} mirrors="The Developer Portal refuses forms that were not sent from its own pages." error="This form was not sent from a portal page of this emulator (missing or wrong CSRF token, or another origin). Reload the page and try again.">
      <p>
        <a href={section}>Back</a>
      </p>
    </PortalLayout>,
    403,
  );
}

/** 404: an app or tenant that does not exist (any more). */
export function missing(c: Context, back: Section, message: string) {
  return c.html(
    <PortalLayout title="Not found" section={back} mirrors="The Developer Portal shows only what exists." error={message}>
      <p>
        <a href={back}>Back</a>
      </p>
    </PortalLayout>,
    404,
  );
}
