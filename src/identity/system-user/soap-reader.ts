/**
 * Reads the text of a few named elements from a SOAP 1.1 request in one linear pass, the way an XML parser
 * would: comments and processing instructions are skipped, CDATA is text, character and the five predefined
 * entity references are decoded, and the first element of each name counts. SOAP 1.1 §3 says a message
 * MUST NOT contain a DTD, so one is refused, which also keeps entity expansion (billion laughs, XXE) out.
 * Anything malformed is a SoapReadError, never a long scan: every character is looked at a bounded
 * number of times however the input is built.
 */
export class SoapReadError extends Error {}

export interface SoapFields {
  /** The root element's local name ("Envelope" for SOAP). */
  root: string;
  /** Local name → its text, for the names asked for that occur. */
  fields: Map<string, string>;
}

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function readSoapFields(xml: string, names: readonly string[]): SoapFields {
  const wanted = new Set(names);
  const fields = new Map<string, string>();
  const open: string[] = [];
  // At most one element is read at a time: its text (and its children's) goes here until it closes.
  let capture: { depth: number; name: string; parts: string[] } | null = null;
  let root = "";
  let i = 0;
  const text = (s: string) => capture?.parts.push(s);
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) {
      if (xml.slice(i).trim() !== "" && open.length === 0) throw new SoapReadError("text outside the root element");
      text(decode(xml.slice(i)));
      break;
    }
    if (lt > i) text(decode(xml.slice(i, lt)));
    if (xml.startsWith("<!--", lt)) i = after(xml, "-->", lt + 4, "an unclosed comment");
    else if (xml.startsWith("<![CDATA[", lt)) {
      const end = xml.indexOf("]]>", lt + 9);
      if (end < 0) throw new SoapReadError("an unclosed CDATA section");
      text(xml.slice(lt + 9, end));
      i = end + 3;
    } else if (xml.startsWith("<?", lt)) i = after(xml, "?>", lt + 2, "an unclosed processing instruction");
    else if (xml.startsWith("<!", lt)) throw new SoapReadError("a SOAP message must not contain a DTD");
    else {
      const gt = tagEnd(xml, lt + 1);
      const tag = xml.slice(lt + 1, gt);
      i = gt + 1;
      if (tag.startsWith("/")) {
        const name = localName(tag.slice(1).trim());
        if (open.pop() !== name) throw new SoapReadError(`</${tag.slice(1).trim()}> closes no open element`);
        if (capture && capture.depth === open.length) {
          fields.set(capture.name, capture.parts.join("").trim());
          capture = null;
        }
        continue;
      }
      const qualified = /^[^\s/>]+/.exec(tag)?.[0];
      if (!qualified) throw new SoapReadError("an element without a name");
      const name = localName(qualified);
      if (open.length === 0) {
        if (root) throw new SoapReadError("more than one root element");
        root = name;
      }
      const read = capture === null && wanted.has(name) && !fields.has(name);
      if (tag.endsWith("/")) {
        if (read) fields.set(name, "");
      } else {
        if (read) capture = { depth: open.length, name, parts: [] };
        open.push(name);
      }
    }
  }
  if (open.length > 0) throw new SoapReadError(`<${open.at(-1)!}> is never closed`);
  return { root, fields };
}

function after(xml: string, terminator: string, from: number, what: string): number {
  const end = xml.indexOf(terminator, from);
  if (end < 0) throw new SoapReadError(what);
  return end + terminator.length;
}

/** The `>` that ends a tag, outside quoted attribute values (which may contain `>`). */
function tagEnd(xml: string, from: number): number {
  let quote = "";
  for (let j = from; j < xml.length; j++) {
    const ch = xml[j]!;
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ">") return j;
    else if (ch === "<") throw new SoapReadError("'<' inside a tag");
  }
  throw new SoapReadError("an unclosed tag");
}

function localName(qualified: string): string {
  return qualified.slice(qualified.indexOf(":") + 1);
}

function decode(s: string): string {
  return s.replace(/&([^;&\s]{0,12});?/g, (whole, ref: string) => {
    if (!whole.endsWith(";")) throw new SoapReadError("a bare '&' in text");
    const numeric = /^#(x[0-9a-f]{1,6}|\d{1,7})$/i.exec(ref);
    if (numeric) {
      const code = numeric[1]![0] === "x" || numeric[1]![0] === "X" ? parseInt(numeric[1]!.slice(1), 16) : Number(numeric[1]);
      if (code > 0x10ffff || code === 0) throw new SoapReadError(`&${ref}; is not a character`);
      return String.fromCodePoint(code);
    }
    const named = Object.hasOwn(PREDEFINED, ref) ? PREDEFINED[ref] : undefined;
    if (named === undefined) throw new SoapReadError(`&${ref}; is not declared (SOAP messages have no DTD)`);
    return named;
  });
}
