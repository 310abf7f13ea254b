import { Layout } from "./layout.js";

const AUTO_SUBMIT = 'document.getElementById("response").submit();';

/**
 * response_mode=form_post (OAuth 2.0 Form Post Response Mode): the response as hidden fields posted to
 * the redirect URI. The button works without script; the one-line script only saves the click.
 */
export function FormPostPage({ action, params, nonce }: { action: string; params: Record<string, string>; nonce?: string | undefined }) {
  return (
    <Layout title="Returning to the app" step={3} explain="The app asked for response_mode=form_post: SuperID posts the response to the app's redirect URI.">
      <form method="post" action={action} id="response">
        {Object.entries(params).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit">Continue to the app</button>
      </form>
      {/* Script text is not HTML-decoded, so it must not go through JSX escaping. */}
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: AUTO_SUBMIT }} />
    </Layout>
  );
}
