import { curlFor } from "../curl.js";
import { maskSegments, secretList, type Check, type Exchange, type Run } from "../run.js";

/**
 * How a recorded exchange is shown: the request and the answer as they went over the wire (JSON bodies
 * indented for reading), every secret replaced by its shell variable name, and the same request as curl.
 */
export function Masked({ run, text }: { run: Run; text: string }) {
  return (
    <>
      {maskSegments(run, text).map((s) =>
        "secret" in s ? (
          <mark class="secret" title="hidden: see “Reveal secrets” in this step">
            {`\${${s.secret}}`}
          </mark>
        ) : (
          s.text
        ),
      )}
    </>
  );
}

/** JSON bodies indented (and said to be); anything else as it came. */
function readable(body: string, type: string | undefined): { text: string; note: string } {
  if (/json/i.test(type ?? "") || /^[[{]/.test(body.trim())) {
    try {
      return { text: JSON.stringify(JSON.parse(body), null, 2), note: " (JSON, indented here for reading)" };
    } catch {
      // not JSON after all: shown as it came
    }
  }
  return { text: body, note: "" };
}

const header = (headers: [string, string][], name: string) => headers.find(([k]) => k.toLowerCase() === name)?.[1];

export function ExchangeView({ run, exchange, id }: { run: Run; exchange: Exchange; id?: string }) {
  const { request: req, response: res } = exchange;
  const reqBody = req.body !== undefined && req.body !== "" ? readable(req.body, header(req.headers, "content-type")) : undefined;
  const resBody = res ? readable(res.body, header(res.headers, "content-type")) : undefined;
  return (
    <div class="exchange" id={id}>
      <h3>
        {exchange.label} <span class="by">{exchange.by === "workshop" ? "· sent by the workshop's code (fetch to the emulator's own URL)" : "· sent by your browser"}</span>
      </h3>
      <div class="wire">
        <div>
          <h4>Request{reqBody?.note}</h4>
          <pre class="request">
            <Masked run={run} text={`${req.method} ${req.url}\n${req.headers.map(([k, v]) => `${k}: ${v}`).join("\n")}${reqBody ? `\n\n${reqBody.text}` : ""}`} />
          </pre>
        </div>
        <div>
          <h4>Response{resBody?.note}</h4>
          {res ? (
            <pre class="response" data-status={String(res.status)}>
              <Masked run={run} text={`HTTP ${res.status} ${res.statusText}\n${res.headers.map(([k, v]) => `${k}: ${v}`).join("\n")}${resBody!.text ? `\n\n${resBody!.text}` : ""}`} />
            </pre>
          ) : (
            <p class="fail">{exchange.error ?? (exchange.by === "browser" ? "The answer is this page: the workshop read the parameters and redirected to /workshop." : "no answer")}</p>
          )}
        </div>
      </div>
      <h4>By hand</h4>
      <pre class="curl">
        <Masked run={run} text={curlFor(run, req)} />
      </pre>
    </div>
  );
}

export function Checks({ checks, id }: { checks: Check[]; id?: string }) {
  return (
    <ul class="checks" id={id}>
      {checks.map((c) => (
        <li data-check={c.label} data-ok={String(c.ok)}>
          <span class={c.ok ? "ok" : "fail"}>{c.ok ? "✔ " : "✘ "}{c.label}</span>: {c.detail}
        </li>
      ))}
    </ul>
  );
}

/** The names of the secrets that appear in these texts, in order of appearance. */
export function secretsIn(run: Run, texts: string[]): string[] {
  const names = new Set<string>();
  for (const t of texts) for (const s of maskSegments(run, t)) if ("secret" in s) names.add(s.secret);
  return [...names];
}

export function exchangeTexts(exchanges: (Exchange | undefined)[]): string[] {
  return exchanges.flatMap((e) => (e ? [e.request.url, ...e.request.headers.map(([, v]) => v), e.request.body ?? "", e.response?.body ?? "", ...(e.response?.headers.map(([, v]) => v) ?? [])] : []));
}

/** The reveal toggle: the step's secrets as shell assignments, so its curl commands run as shown. */
export function Secrets({ run, names }: { run: Run; names: string[] }) {
  if (names.length === 0) return <></>;
  return (
    <details class="secrets">
      <summary>Reveal secrets used in this step ({names.join(", ")})</summary>
      <p class="muted">Paste these lines into a shell before the curl commands above.</p>
      <pre class="revealed">{secretList(run, names).map(([name, value]) => `${name}='${value}'`).join("\n")}</pre>
    </details>
  );
}
