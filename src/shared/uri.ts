/**
 * A percent-decoded URL part, or the part as written when its escapes are broken (`%ZZ`): such a name or id
 * then simply matches nothing, and the caller answers 404 or 400 instead of failing on a URIError.
 */
export function decodeUriPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
