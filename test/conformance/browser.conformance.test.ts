import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../e2e/browser';
import { ORT_WEB_FILES } from '../../runtimes/edge/static-files';
import { stubNodeBuiltins } from '../../runtimes/edge/build-runner';
import { createServerRuntime } from '../../runtimes/server';
import { loadGraph, REPO, type ConformanceCase } from './cases';
import { needTools } from '../needs';
import { expectConforms } from './compare';
import type { Job } from './browser-harness/main';
import type { Outcome } from './run-in-memory';
import { eachCase, inProcessReference } from './suite';

/**
 * The browser target: the shared interpreter and kernels bundled by esbuild into a page
 * (browser-harness/main.ts) and run in Debian Chromium on onnxruntime-web (wasm, threads: the
 * page is cross-origin isolated), compared with the in-process reference computed here.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_NEED = needTools(CHROMIUM);
const haveChromium = CHROMIUM_NEED.ok;
const ORT_DIST = path.join(REPO, 'node_modules/onnxruntime-web/dist');
const HTML = `<!doctype html><script type="importmap">{"imports":{"onnxruntime-web":"/ort/ort.wasm.min.mjs"}}</script><script type="module" src="/main.js"></script>`;

const files = new Map<string, { type: string; bytes: Uint8Array }>();
let http: Server;
let origin: string;
let browser: Browser;
let page: Page;
const reference = createServerRuntime({ intraOpNumThreads: 2 });

beforeAll(async () => {
  if (!haveChromium) return;
  const js = await build({
    entryPoints: [path.join(REPO, 'test/conformance/browser-harness/main.ts')],
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent',
    external: ['onnxruntime-web'], plugins: [stubNodeBuiltins],
  });
  files.set('/', { type: 'text/html', bytes: new TextEncoder().encode(HTML) });
  files.set('/main.js', { type: 'text/javascript', bytes: js.outputFiles[0].contents });
  for (const f of ORT_WEB_FILES) files.set(`/ort/${f}`, { type: f.endsWith('.wasm') ? 'application/wasm' : 'text/javascript', bytes: readFileSync(path.join(ORT_DIST, f)) });
  http = createServer((req, res) => {
    const f = files.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!f) return void res.writeHead(404).end();
    // Cross-origin isolated: SharedArrayBuffer, so onnxruntime-web runs wasm on threads.
    res.writeHead(200, { 'content-type': f.type, 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }).end(f.bytes);
  }).listen(0, '127.0.0.1');
  await new Promise((ok) => http.once('listening', ok));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => 'runCase' in window);
});

afterAll(async () => {
  await browser?.close();
  http?.close();
  await reference.dispose();
});

async function runBrowser(c: ConformanceCase): Promise<Outcome> {
  const serve = (kind: string, list: { name: string; bytes: Uint8Array }[]) => list.map((f) => {
    const url = `/${c.id}/${kind}/${f.name}`;
    files.set(url, { type: 'application/octet-stream', bytes: f.bytes });
    return { name: f.name, url };
  });
  const input = c.input();
  const job: Job = { graph: loadGraph(c), format: input.format, files: serve('input', input.files), models: serve('models', c.models()) };
  const got = await page.evaluate((j) => (window as unknown as { runCase(j: Job): Promise<unknown> }).runCase(j), job) as {
    ms: number; threads: number; artifacts: (Outcome['artifacts'][number] & { bytes: string })[]; logits: Record<string, { dims: number[]; data: string }>;
  };
  expect(got.threads, 'wasm threads in a cross-origin isolated page').toBeGreaterThan(1);
  const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
  return {
    artifacts: got.artifacts.map((a) => ({ ...a, bytes: bytes(a.bytes) })),
    logits: Object.fromEntries(Object.entries(got.logits).map(([k, v]) => { const b = bytes(v.data); return [k, { dims: v.dims, data: new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4) }]; })),
  };
}

describe('conformance: browser (Chromium, onnxruntime-web wasm) against the in-process reference', () => {
  if (!haveChromium) it.skip(CHROMIUM_NEED.title('every case in Chromium'), () => {});
  else eachCase(async (c) => {
    const [ref, got] = [await inProcessReference(c, reference), await runBrowser(c)];
    expect(Object.keys(got.logits).sort(), 'model outputs observed in the page').toEqual(Object.keys(ref.logits).sort());
    expectConforms(c, ref, got, { target: 'browser', sameBytes: false });
  });
});
