import type { Delivery } from "../../store/webhook-deliveries.js";
import type { Webhook } from "../../store/webhooks.js";
import { AppTenantFilter } from "./app-tenant-filter.js";
import { CsrfField, PortalLayout } from "./layout.js";

/** What the signature check found for one delivery (recomputed from the stored body bytes and the hook's secret). */
export type SignatureCheck = "valid" | "invalid" | "unsigned" | "not sent yet" | "no hook";

export interface DeliveryDetail {
  delivery: Delivery;
  /** The headers of the last attempt (what the target saw), or none before the first attempt. */
  requestHeaders: Record<string, string>;
  signature: SignatureCheck;
  /** The body pretty-printed for reading; the exact bytes are shown too. */
  pretty: string;
}

export interface WebhooksPageProps {
  hooks: Webhook[];
  deliveries: Delivery[];
  detail?: DeliveryDetail | undefined;
  apps: { clientId: string; name: string }[];
  tenants: string[];
  filter: { app: string; tenant: string };
  dispatcher: { paused: boolean; pending: number; requireHttps: boolean; timeoutMs: number };
  csrf: string;
  notice?: string | undefined;
  error?: string | undefined;
}

const when = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
const kindOf = (d: Delivery) => (d.queueKey.startsWith("app/") ? "state notification" : d.queueKey.startsWith("test/") ? "test ping" : `webhook ${d.webhookId}`);

function Headers({ headers }: { headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  return entries.length === 0 ? <span class="muted">none</span> : <pre>{entries.map(([k, v]) => `${k}: ${v}`).join("\n")}</pre>;
}

/** Webhooks per app and tenant, their statistics, and every delivery with what was sent and answered. */
export function WebhooksPage(p: WebhooksPageProps) {
  const nameOf = (id: string) => p.apps.find((a) => a.clientId === id)?.name ?? id;
  const query = (extra: Record<string, string>) => {
    const params: Record<string, string> = {};
    if (p.filter.app) params.app = p.filter.app;
    if (p.filter.tenant) params.tenant = p.filter.tenant;
    return `/portal/webhooks?${new URLSearchParams(Object.assign(params, extra))}`;
  };
  const d = p.detail;
  return (
    <PortalLayout
      title="Webhooks"
      section="/portal/webhooks"
      mirrors="SOD has no such page: its webhooks are watched through GET v1/Webhook and the receiver's own logs. Here every webhook of your apps, its statistics, and each delivery with the exact request, its signature check and the target's answers."
      notice={p.notice}
      error={p.error}
    >
      <AppTenantFilter action="/portal/webhooks" apps={p.apps} tenants={p.tenants} filter={p.filter} button="Show" />

      <h2>Dispatcher</h2>
      <form method="post" action="/portal/webhooks/dispatcher" id="dispatcher">
        <CsrfField token={p.csrf} />
        <span id="dispatcher-state" class={p.dispatcher.paused ? "fail" : "ok"}>
          {p.dispatcher.paused ? "Paused" : "Running"}
        </span>{" "}
        <span class="muted">{`${p.dispatcher.pending} pending · ${p.dispatcher.requireHttps ? "https only" : "http to loopback and private hosts allowed"} · timeout ${p.dispatcher.timeoutMs} ms`}</span>{" "}
        <input type="hidden" name="paused" value={p.dispatcher.paused ? "false" : "true"} />
        <button type="submit">{p.dispatcher.paused ? "Resume" : "Pause"}</button>
      </form>

      <h2>Webhooks</h2>
      {p.hooks.length === 0 ? (
        <p class="muted">No webhooks: an app creates them with POST v1/Webhook or the WebhookAgent.</p>
      ) : (
        <table id="hooks">
          <thead>
            <tr>
              <th>App</th>
              <th>Tenant</th>
              <th>Id</th>
              <th>Name</th>
              <th>Events</th>
              <th>Target</th>
              <th>State</th>
              <th>Calls</th>
              <th>Errors</th>
              <th>In a row</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {p.hooks.map((h) => (
              <tr data-webhook={`${h.contextIdentifier}/${h.webhookId}`}>
                <td>{nameOf(h.clientId)}</td>
                <td>{h.contextIdentifier}</td>
                <td>{String(h.webhookId)}</td>
                <td>{h.name ?? ""}</td>
                <td>{h.events.join(", ")}</td>
                <td>
                  <code>{h.targetUrl}</code>
                </td>
                <td class={h.state === "Active" ? "ok" : "fail"}>{h.state}</td>
                <td>{String(h.totalCalls)}</td>
                <td>{String(h.totalErrors)}</td>
                <td>{String(h.consecutiveErrors)}</td>
                <td>{h.lastError ? <code>{h.lastError.slice(0, 120)}</code> : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Deliveries</h2>
      {p.deliveries.length === 0 ? (
        <p class="muted">Nothing sent yet.</p>
      ) : (
        <table id="deliveries">
          <thead>
            <tr>
              <th>#</th>
              <th>Queued</th>
              <th>Kind</th>
              <th>Tenant</th>
              <th>Event</th>
              <th>Target</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last answer</th>
            </tr>
          </thead>
          <tbody>
            {p.deliveries.map((x) => {
              const last = x.log.at(-1);
              return (
                <tr data-delivery={String(x.deliveryId)}>
                  <td>
                    <a href={`${query({ delivery: String(x.deliveryId) })}#delivery`}>{String(x.deliveryId)}</a>
                  </td>
                  <td>{when(x.createdAt)}</td>
                  <td>{kindOf(x)}</td>
                  <td>{x.contextIdentifier}</td>
                  <td>{x.event}</td>
                  <td>
                    <code>{x.targetUrl}</code>
                  </td>
                  <td class={x.status === "delivered" ? "ok" : x.status === "pending" ? "" : "fail"}>{x.status}</td>
                  <td>{String(x.log.length)}</td>
                  <td>{last ? (last.status === 0 ? (last.error ?? "no answer") : String(last.status)) : ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      {d && (
        <section id="delivery">
          <h2>{`Delivery ${d.delivery.deliveryId}: ${d.delivery.event}`}</h2>
          <dl>
            <dt>Kind</dt>
            <dd>{`${kindOf(d.delivery)} of ${nameOf(d.delivery.clientId)} in ${d.delivery.contextIdentifier}`}</dd>
            <dt>Target</dt>
            <dd>
              <code>{d.delivery.targetUrl}</code>
            </dd>
            <dt>EventId</dt>
            <dd>
              <code>{d.delivery.eventId}</code>
            </dd>
            <dt>Status</dt>
            <dd>{`${d.delivery.status}, ${d.delivery.log.length} attempt(s)`}</dd>
            <dt>Signature</dt>
            <dd id="signature" class={d.signature === "valid" ? "ok" : d.signature === "invalid" ? "fail" : "muted"}>
              {d.signature === "valid"
                ? "valid: the X-SuperOffice-Signature sent is the HMAC-SHA256 of the exact body bytes with the hook's secret"
                : d.signature === "invalid"
                  ? "invalid: the X-SuperOffice-Signature sent does not match the HMAC-SHA256 of the body with the hook's current secret"
                  : d.signature}
            </dd>
          </dl>
          <form method="post" action={`/portal/webhooks/deliveries/${d.delivery.deliveryId}/resend`}>
            <CsrfField token={p.csrf} />
            <button type="submit" id="resend">
              Resend
            </button>{" "}
            <span class="muted">The same body and EventId once more, as a new delivery at the back of its queue.</span>
          </form>
          <h3>Request headers</h3>
          <Headers headers={d.requestHeaders} />
          <h3>Body</h3>
          <pre id="body">{d.pretty}</pre>
          <details>
            <summary>Exact bytes sent</summary>
            <pre>{d.delivery.body}</pre>
          </details>
          <h3>Attempts</h3>
          {d.delivery.log.length === 0 ? (
            <p class="muted">Not attempted yet.</p>
          ) : (
            <table id="attempts">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Retry</th>
                  <th>Status</th>
                  <th>Took</th>
                  <th>Answer headers</th>
                  <th>Answer body</th>
                </tr>
              </thead>
              <tbody>
                {d.delivery.log.map((a) => (
                  <tr>
                    <td>{when(a.at)}</td>
                    <td>{String(a.retry)}</td>
                    <td class={a.status === 200 ? "ok" : "fail"}>{a.status === 0 ? (a.error ?? "no answer") : String(a.status)}</td>
                    <td>{`${a.durationMs} ms`}</td>
                    <td>
                      <Headers headers={a.responseHeaders} />
                    </td>
                    <td>
                      <pre>{a.responseBody}</pre>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </PortalLayout>
  );
}
