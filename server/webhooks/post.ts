import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { refusePrivate, systemResolve, type Resolve } from './target';

/**
 * POSTs one webhook delivery with the SSRF guard applied at connect time: the socket's own
 * DNS lookup resolves the name once and refuses it (WEBHOOK_TARGET_FORBIDDEN) if any address
 * is private, loopback, link-local, CGNAT... so no second lookup can rebind the name between
 * the check and the connection. IP literals (no lookup) are checked here directly. Redirects
 * are not followed.
 */
export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  resolve?: Resolve;
}

function guardedLookup(resolve: Resolve, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((all) => {
        const addresses = options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
        if (addresses.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
        if (!allowPrivate) refusePrivate(hostname, addresses.map((a) => a.address));
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      })
      .catch((e: NodeJS.ErrnoException) => callback(e, ''));
  };
}

/** Resolves with the receiver's HTTP status; rejects on a refused target, network error or timeout. */
export function postWebhook(url: URL, opts: PostOptions): Promise<{ status: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !opts.allowPrivate) {
    try {
      refusePrivate(host, [host]);
    } catch (e) {
      return Promise.reject(e);
    }
  }
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) },
      lookup: guardedLookup(opts.resolve ?? systemResolve, opts.allowPrivate),
      signal: AbortSignal.timeout(opts.timeoutMs),
      agent: false, // a fresh connection (and lookup) per delivery: no pooled socket to an old address
    }, (res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.destroy(); // the receiver's body is not needed
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
