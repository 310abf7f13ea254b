import { WorkshopLayout } from "./layout.js";

/**
 * response_mode=fragment: the code is after `#`, which browsers never send to a server. This page's one
 * small script (allowed by a per-response CSP nonce) copies the fragment into the form and posts it; without
 * script, the presenter pastes the part of the address after `#` and presses the button.
 */
const RELAY =
  "const f = document.getElementById('relay'); if (location.hash.length > 1) { f.fragment.value = location.hash.slice(1); history.replaceState(null, '', location.pathname); f.submit(); }";

export function FragmentRelayPage({ nonce, large }: { nonce: string; large: boolean }) {
  return (
    <WorkshopLayout title="Reading the fragment" large={large}>
      <h1>The answer is in the fragment</h1>
      <p>
        SuperID put the code and state after <code>#</code> in this page's address. That part stays in the browser, so the app's page needs a script to send it on to
        the app's server. This page does it now.
      </p>
      <form method="post" action="/workshop/callback" id="relay">
        <label for="fragment">The part of the address after #</label>
        <input type="text" id="fragment" name="fragment" size={80} autocomplete="off" />
        <p>
          <button type="submit">Send it to the app</button>
        </p>
      </form>
      {/* Script text must not be HTML-escaped; it is a constant. */}
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: RELAY }} />
    </WorkshopLayout>
  );
}
