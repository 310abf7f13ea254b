import { maskSegments, type Run, type WireRequest } from "./run.js";

/**
 * The same request by hand: a curl command with every secret as a shell variable (`${CLIENT_SECRET}`), so it
 * can be copied as shown and run after the step's revealed `NAME='value'` lines. Arguments are double-quoted
 * (only `\ " $ \`` escaped), or single-quoted when they hold `"` (JSON bodies stay readable); form bodies
 * become one --data-urlencode per field, as a person writes them.
 */
const SKIPPED = new Set(["host", "content-length", "user-agent"]);

export function curlFor(run: Run, req: WireRequest): string {
  const args: string[] = ["curl", "-i"];
  if (req.method !== "GET" && !(req.method === "POST" && req.body)) args.push("-X", req.method);
  const type = req.headers.find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "";
  for (const [k, v] of req.headers) {
    if (SKIPPED.has(k.toLowerCase())) continue;
    // --data-urlencode sets this content type itself.
    if (type.startsWith("application/x-www-form-urlencoded") && k.toLowerCase() === "content-type") continue;
    args.push("-H", quoted(run, `${k}: ${v}`));
  }
  if (req.body !== undefined && req.body !== "") {
    if (type.startsWith("application/x-www-form-urlencoded")) {
      for (const [k, v] of new URLSearchParams(req.body)) args.push("--data-urlencode", quoted(run, `${k}=${v}`));
    } else args.push("--data-raw", quoted(run, req.body));
  }
  const flags = args.reduce((line, arg, i) => (i === 0 ? arg : /^-/.test(arg) && i > 1 ? `${line} \\\n  ${arg}` : `${line} ${arg}`), "");
  return `${flags} \\\n  ${quoted(run, req.url)}`;
}

function quoted(run: Run, text: string): string {
  if (text.includes('"')) {
    // '…'"${NAME}"'…': the literal parts single-quoted, each secret a double-quoted variable between them.
    return maskSegments(run, text)
      .map((s) => ("secret" in s ? `"\${${s.secret}}"` : `'${s.text.replace(/'/g, "'\\''")}'`))
      .join("");
  }
  const inner = maskSegments(run, text)
    .map((s) => ("secret" in s ? `\${${s.secret}}` : s.text.replace(/[\\"$`]/g, (ch) => `\\${ch}`)))
    .join("");
  return `"${inner}"`;
}
