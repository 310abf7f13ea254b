import { checkSignature } from "../flow/webhooks.js";
import type { ReceivedRequest, Run } from "../run.js";
import { Checks, ExchangeView, exchangeTexts, Masked, Secrets, secretsIn } from "./exchange-view.js";
import { Step } from "./step-frame.js";

/**
 * Step 9: the webhook registered to the emulator's own inbox, the test ping, the contact, the delivery as the
 * inbox received it (headers and the exact body bytes), and its signature checked the way a receiver does.
 */
const EXPLAIN =
  "An app that wants to hear about changes registers a webhook: the events it wants, the URL SuperOffice POSTs them to, and a secret. Here the target is the emulator's own inbox (a URL made for this run), so no server is needed. Saving sends a test event at once; then every change the app asked for arrives as a POST, signed: X-SuperOffice-Signature is base64(HMAC-SHA256(secret, the body's bytes)). The receiver computes the same over the bytes it received and accepts the request only when they match, so it knows SuperOffice sent it and nobody changed it.";

/** A request as the inbox recorded it: the method and URL, every header, and the body byte for byte. */
function ReceivedView({ run, received, url, id }: { run: Run; received: ReceivedRequest; url: string; id: string }) {
  const headers = Object.entries(received.headers).map(([k, v]) => `${k}: ${v}`);
  let indented: string | undefined;
  try {
    indented = JSON.stringify(JSON.parse(received.body), null, 2);
  } catch {
    indented = undefined;
  }
  return (
    <div class="exchange" id={id}>
      <h4>{`Received at ${received.receivedAt} (emulator clock); the inbox answered ${received.status}`}</h4>
      {/* The whole body, unclipped: it is what the signature covers. */}
      <pre class="received" style="max-height: none">
        <Masked run={run} text={`${received.method} ${url}\n${headers.join("\n")}\n\n${received.body}`} />
      </pre>
      {indented !== undefined && (
        <details>
          <summary>The body indented for reading (not the bytes that were signed)</summary>
          <pre class="received-indented">{indented}</pre>
        </details>
      )}
    </div>
  );
}

/** A shell single-quoted word: the text exactly, `'` written as '\''. */
const shellQuoted = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

function SignatureView({ run, secret, delivery }: { run: Run; secret: string; delivery: ReceivedRequest }) {
  const sig = checkSignature(secret, delivery);
  const byHand = `# the receiver's side: the raw body exactly as received (no newline added), then the HMAC\nprintf '%s' ${shellQuoted(delivery.body)} > body.json\nopenssl dgst -sha256 -hmac "\${WEBHOOK_SECRET}" -binary body.json | base64`;
  return (
    <>
      <h3>Checking the signature, as a receiver does</h3>
      <dl id="webhook-signature">
        <dt>secret</dt>
        <dd>
          <code>
            <Masked run={run} text={secret} />
          </code>{" "}
          <span class="muted">the Secret the app sent when it registered the webhook; only the app and SuperOffice know it</span>
        </dd>
        <dt>signed bytes</dt>
        <dd>{`the body exactly as received: ${sig.bytes} bytes of UTF-8, shown above`}</dd>
        <dt>computed</dt>
        <dd>
          <code id="signature-computed">{sig.computed}</code> <span class="muted">base64(HMAC-SHA256(secret, body bytes)), computed by the workshop now</span>
        </dd>
        <dt>X-SuperOffice-Signature</dt>
        <dd>
          <code id="signature-received">{sig.received ?? "(no such header)"}</code> <span class="muted">the header that came with the delivery</span>
        </dd>
        <dt>over re-serialized JSON</dt>
        <dd>
          <code id="signature-reserialized">{sig.reserialized}</code> <span class="muted">the same HMAC over the body parsed and written back indented: a different result</span>
        </dd>
      </dl>
      <Checks
        id="webhook-signature-checks"
        checks={[
          { label: "signature valid", ok: sig.ok, detail: sig.ok ? "the computed value equals the header: SuperOffice sent this body, unchanged" : "the computed value differs from the header: reject the request (401)" },
          { label: "raw bytes matter", ok: sig.reserialized !== sig.received, detail: "an HMAC over anything but the exact bytes (parsed and re-serialized JSON, other spacing or member order, a re-encoded character) does not match: read the raw body before any JSON parser touches it, and compare in constant time" },
        ]}
      />
      <h4>By hand</h4>
      <pre class="curl" id="signature-by-hand">
        <Masked run={run} text={byHand} />
      </pre>
    </>
  );
}

export function WebhooksStep({ run }: { run: Run }) {
  const w = run.webhooks;
  if (!w) return <Step n={9} title="Webhooks" done={false} explain={EXPLAIN} />;
  if (w.blocked) {
    return (
      <Step n={9} title="Webhooks" done={true} explain={EXPLAIN}>
        <p class="error" id="webhooks-blocked">{w.blocked}</p>
      </Step>
    );
  }
  const texts = exchangeTexts([w.create, w.pingRead, w.contact, w.deliveryRead]);
  if (w.secret) texts.push(w.secret);
  return (
    <Step n={9} title="Webhooks" done={true} explain={EXPLAIN}>
      <p id="webhooks-credential">
        {w.credential === "access token"
          ? "These calls carry the access token from step 4 (Authorization: Bearer)."
          : "Step 7 revoked this run's access token, so these calls carry step 8's system-user ticket (Authorization: SOTicket, with SO-AppToken), as a server-to-server app does."}{" "}
        {`Inbox for this run: ${w.inbox}. The webhook stays registered while this run lasts; Start over deletes it.`}
      </p>
      {w.create && <ExchangeView run={run} exchange={w.create} id="webhook-create" />}
      {w.pingRead && (
        <>
          <h3>The test ping</h3>
          <p>
            Before it saved the webhook, SuperOffice POSTed a test event to the TargetUrl (<code>X-SuperOffice-Event: test</code>, <code>X-Hook-Test: true</code>, signed like every
            event). The save succeeds only when the target answers 200; a receiver should answer a test with 200 and do nothing else.
          </p>
          {w.ping ? <ReceivedView run={run} received={w.ping} url={w.targetUrl ?? ""} id="webhook-ping" /> : <p class="fail">The inbox holds no test ping.</p>}
          <details>
            <summary>How the workshop read the inbox</summary>
            <ExchangeView run={run} exchange={w.pingRead} id="webhook-ping-read" />
          </details>
        </>
      )}
      {w.contact && <ExchangeView run={run} exchange={w.contact} id="webhook-contact" />}
      {w.deliveryRead && (
        <>
          <h3>The delivery, as the inbox received it</h3>
          <p>
            {`The API answered the contact's POST without waiting for the webhook: the delivery is queued with the write and sent right after. The workshop polled the inbox (GET /_emulator/v1/inbox/${w.inbox}) for ${w.waitedMs ?? 0} ms until it arrived.`}
          </p>
          {w.delivery && w.secret ? (
            <ReceivedView run={run} received={w.delivery} url={w.targetUrl ?? ""} id="webhook-delivery" />
          ) : (
            <p class="fail" id="webhook-no-delivery">{`No contact.created delivery for contact ${w.contactId ?? "?"} reached the inbox within ${w.waitedMs ?? 0} ms. The portal's Webhooks page shows the delivery and its attempts.`}</p>
          )}
          <details>
            <summary>How the workshop read the inbox</summary>
            <ExchangeView run={run} exchange={w.deliveryRead} id="webhook-delivery-read" />
          </details>
          {w.delivery && w.secret && <SignatureView run={run} secret={w.secret} delivery={w.delivery} />}
        </>
      )}
      <Secrets run={run} names={secretsIn(run, texts)} />
    </Step>
  );
}
