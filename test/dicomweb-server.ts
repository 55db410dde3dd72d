import { readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<'GET' | 'POST' | 'OPTIONS', Handler>>;

const ROOT = path.resolve('app/api/dicomweb');

/** Every route.ts under app/api/dicomweb with the pattern Next serves it at ([name] = one segment). */
function routeFiles(dir = ROOT, segments: string[] = []): { segments: string[]; file: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return routeFiles(path.join(dir, e.name), [...segments, e.name]);
    return e.name === 'route.ts' ? [{ segments, file: path.join(dir, e.name) }] : [];
  });
}

export interface DicomwebServer {
  /** http://127.0.0.1:<port>/api/dicomweb */
  root: string;
  close(): Promise<void>;
}

/**
 * The studio's DICOMweb route handlers behind a real HTTP server on a free loopback port, routed
 * as Next routes them (the handlers are imported after the caller stubbed the env, see
 * routeProcess): what an HTTP client such as dicomweb-client talks to, with its own framing.
 */
export async function serveDicomweb(): Promise<DicomwebServer> {
  const routes = await Promise.all(routeFiles().map(async (r) => ({ ...r, mod: (await import(r.file)) as RouteModule })));
  const match = (parts: string[]) => {
    for (const r of routes) {
      if (r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      if (r.segments.every((s, i) => (s.startsWith('[') ? ((params[s.slice(1, -1)] = decodeURIComponent(parts[i])), true) : s === parts[i]))) return { mod: r.mod, params };
    }
    return undefined;
  };
  const toRequest = (req: IncomingMessage, url: string) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
    return new Request(url, { method: req.method, headers, body, duplex: 'half' } as RequestInit);
  };
  let server: Server;
  const root = await new Promise<string>((resolve) => {
    server = createServer(async (req, res) => {
      const url = `http://${req.headers.host}${req.url}`;
      const { pathname } = new URL(url);
      const parts = pathname.replace(/^\/api\/dicomweb\/?/, '').split('/').filter(Boolean);
      const hit = pathname.startsWith('/api/dicomweb') ? match(parts) : undefined;
      const handler = hit?.mod[req.method as 'GET' | 'POST' | 'OPTIONS'];
      if (!hit || !handler) {
        res.writeHead(hit ? 405 : 404).end();
        return;
      }
      try {
        const response = await handler(toRequest(req, url), { params: Promise.resolve(hit.params) });
        // One request per connection: a handler that stops reading a request body early (STOW
        // ends at the closing delimiter) must not leave a kept-alive socket for the next request.
        res.shouldKeepAlive = false;
        res.writeHead(response.status, Object.fromEntries(response.headers));
        if (response.body) await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), res);
        else res.end();
      } catch (e) {
        console.error(`dicomweb test server: ${req.method} ${req.url}:`, e);
        res.destroy();
      }
    });
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}/api/dicomweb`));
  });
  return { root, close: () => new Promise((r) => server.close(() => r())) };
}
