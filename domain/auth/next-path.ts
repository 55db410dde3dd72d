/**
 * Where to send the browser after sign-in: a path on the studio's own origin, never elsewhere.
 * Browsers read `/\evil`, `/<TAB>/evil` and `/%2F/evil`-like forms as `//evil` (another host),
 * so anything with a backslash, a control or space character (raw or once percent-decoded), a
 * leading `//`, or that resolves off the origin falls back to `/`. The result is re-serialised
 * from the parsed URL, so what is redirected to is exactly what was checked.
 */
const BASE = 'http://studio.invalid';
const UNSAFE = /[\\\s\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function decodedForms(next: string): string[] | null {
  const forms = [next];
  let cur = next;
  for (let i = 0; i < 3; i++) {
    let d: string;
    try {
      d = decodeURIComponent(cur);
    } catch {
      return null;
    }
    if (d === cur) return forms;
    forms.push((cur = d));
  }
  return null; // encoded more than three times: nobody needs that
}

export function safeNextPath(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2048) return fallback;
  const forms = decodedForms(next);
  if (!forms) return fallback;
  for (const f of forms) {
    if (!f.startsWith('/') || f.startsWith('//') || UNSAFE.test(f)) return fallback;
  }
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || url.pathname.startsWith('//')) return fallback;
  return url.pathname + url.search + url.hash;
}
