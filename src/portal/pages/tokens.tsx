import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { portalCsrfToken, readForm } from "./form-token.js";
import { CsrfField, PortalLayout } from "./layout.js";
import { forged } from "./responses.js";
import type { Inspection } from "./token-inspect.js";

function Facts({ rows }: { rows: [string, string][] }) {
  return (
    <dl>
      {rows.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </>
      ))}
    </dl>
  );
}

function Result({ r }: { r: Inspection }) {
  if (r.kind === "stored") {
    return (
      <section id="result">
        <h2>{r.what}</h2>
        {r.found ? <Facts rows={r.facts} /> : <p class="fail">Not found in the store: not issued by this emulator, or issued before a reset or restart (the store keeps only its hash).</p>}
      </section>
    );
  }
  return (
    <section id="result">
      <h2>{r.what}</h2>
      <p class={r.signature.valid ? "ok" : "fail"} id="signature">
        {r.signature.detail}
      </p>
      <p class={r.validity.valid ? "ok" : "fail"} id="validity">
        {r.validity.detail}
      </p>
      {r.belongsTo.length > 0 && (
        <>
          <h2>Who it belongs to</h2>
          <Facts rows={r.belongsTo} />
        </>
      )}
      <h2>Header</h2>
      <pre>{JSON.stringify(r.header, null, 2)}</pre>
      <h2>Claims</h2>
      <table id="claims">
        <thead>
          <tr>
            <th>Claim</th>
            <th>Value</th>
            <th>Meaning</th>
          </tr>
        </thead>
        <tbody>
          {r.claims.map((c) => (
            <tr data-claim={c.shortName ?? c.name}>
              <td>{c.shortName !== null ? <><strong>{c.shortName}</strong><br /><span class="muted">{c.name}</span></> : <strong>{c.name}</strong>}</td>
              <td>
                <code>{c.value}</code>
              </td>
              <td>{c.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function TokensPage(p: { token: string; result?: Inspection | undefined; error?: string | undefined }) {
  return (
    <PortalLayout
      title="Tokens"
      section="/portal/tokens"
      mirrors="Mirrors the token and claims reference of SuperOffice's developer documentation, for tokens this emulator issued: paste one and see what it is, whether it is valid and whose it is."
      error={p.error}
    >
      <form method="post" action="/portal/tokens">
        <CsrfField token={portalCsrfToken()} />
        <label for="token">An id_token, system-user JWT, access token (8A:…), refresh token or ticket (7T:…)</label>
        <textarea id="token" name="token" rows={6} spellcheck={false} autocomplete="off">
          {p.token}
        </textarea>
        <p>
          <button type="submit">Inspect</button> <span class="muted">The token is checked here and not kept: this page is a POST so it stays out of URLs and history.</span>
        </p>
      </form>
      {p.result && <Result r={p.result} />}
    </PortalLayout>
  );
}

/**
 * GET shows the form; POST inspects and answers with the result. Inspecting changes nothing, so it is the
 * one portal POST that does not redirect: a redirect would have to put the token in a URL.
 */
export function tokenPageRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  const noStore = (c: Context) => c.header("cache-control", "no-store");
  app.get("/portal/tokens", (c) => c.html(<TokensPage token="" />));
  app.post("/portal/tokens", async (c) => {
    const form = await readForm(c);
    if (!form) return forged(c);
    const token = form.token ?? "";
    noStore(c);
    // The inspector needs jose; load it with the first inspection, not at start-up.
    const { inspectToken, TokenInputError } = await import("./token-inspect.js");
    try {
      return c.html(<TokensPage token={token} result={await inspectToken(ctx, token)} />);
    } catch (err) {
      if (err instanceof TokenInputError) return c.html(<TokensPage token={token} error={err.message} />, 400);
      throw err;
    }
  });
  return app;
}
