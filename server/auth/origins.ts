import { isIP } from 'node:net';

/**
 * Which browser origins may act with a session cookie (sign-in, sign-out, uploads): the origin
 * the request itself arrives at when that is a loopback address (localhost, 127.0.0.0/8, [::1],
 * any port), and the configured public URL. "Arrives at" is the Host header (the request URL
 * without one): another app on another loopback port is a different origin and is refused,
 * and so is a DNS-rebound name (evil.example resolving to 127.0.0.1) because it is not loopback.
 */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

function parseOrigin(value: string | null | undefined): URL | null {
  if (!value || value === 'null') return null;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/** The host (name:port) the request was sent to. */
function requestHost(req: Request): string | null {
  const host = req.headers.get('host');
  if (host) return host.toLowerCase();
  try {
    return new URL(req.url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** Whether a browser `origin` may act on the studio through `req`. */
export function isAcceptedOrigin(origin: string | null | undefined, req: Request, publicUrl?: string): boolean {
  const o = parseOrigin(origin);
  if (!o) return false;
  if (publicUrl && parseOrigin(publicUrl)?.origin === o.origin) return true;
  return isLoopbackHostname(o.hostname) && o.host.toLowerCase() === requestHost(req);
}

/** The browser origin of a request: `Origin`, else the origin of `Referer`; null when neither. */
export function browserOrigin(req: Request): string | null {
  const origin = req.headers.get('origin');
  if (origin) return origin;
  const referer = parseOrigin(req.headers.get('referer'));
  return referer ? referer.origin : null;
}

/** better-auth's `trustedOrigins` for one request: the accepted origin it carries, if any. */
export function trustedOriginsFor(req: Request | undefined, publicUrl?: string): string[] {
  const list = publicUrl ? [new URL(publicUrl).origin] : [];
  if (!req) return list;
  const origin = browserOrigin(req);
  if (origin && isAcceptedOrigin(origin, req, publicUrl)) list.push(new URL(origin).origin);
  return list;
}
