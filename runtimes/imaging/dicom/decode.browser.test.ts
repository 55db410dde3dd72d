import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DICOM_CORPUS, DICOM_DIR, decodeFile, needTools, sha256 } from './oracle-support';
import { needAll } from '../../../test/needs';

/**
 * The same decoders in a real browser: the harness (browser-harness/) is bundled with Vite,
 * served with the codec .wasm files, and run in Chromium; every codec family must produce
 * stored values byte-identical to the Node decode.
 */
const CHROMIUM = '/usr/bin/chromium';
const HAVE = needAll(DICOM_CORPUS, needTools(CHROMIUM));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FILES = [
  'ts/MR_small_j2k_lossless.dcm', 'ts/MR_small_jpegls_lossless.dcm', 'ts/MR_small_rle.dcm', 'ts/NM_jpeg_lossless_sv1.dcm',
  'ts/NM_jpeg_extended_12bit.dcm', 'us_color/US_ybr422_jpeg_30f.dcm', 'special/HTJ2K_rgb_unsupported.dcm', 'ts/OT_deflate.dcm',
];
const WASM = ['codec-libjpeg-turbo-8bit/dist/libjpegturbowasm_decode.wasm', 'codec-charls/dist/charlswasm_decode.wasm', 'codec-openjpeg/dist/openjpegwasm_decode.wasm', 'codec-openjph/dist/openjphjs.wasm'];
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

describe(HAVE.title('decoders in Chromium match Node'), () => {
  it.skipIf(!HAVE.ok)(`${FILES.length} files, every codec family`, async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'dicom-browser-'));
    const pub = join(tmp, 'public');
    mkdirSync(pub);
    for (const f of FILES) copyFileSync(resolve(DICOM_DIR, f), join(pub, basename(f)));
    for (const w of WASM) copyFileSync(resolve(ROOT, 'node_modules/@cornerstonejs', w), join(pub, basename(w)));
    const { build } = await import('vite');
    await build({ root: resolve(ROOT, 'runtimes/imaging/dicom/browser-harness'), publicDir: pub, logLevel: 'silent', build: { outDir: join(tmp, 'dist'), emptyOutDir: true } });
    const server = createServer((req, res) => {
      const path = join(tmp, 'dist', decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/\/$/, '/index.html'));
      if (!existsSync(path)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
    }).listen(0, '127.0.0.1');
    await new Promise((ok) => server.once('listening', ok));
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/?files=${FILES.map((f) => basename(f)).join(',')}`);
      const results = await page.evaluate(() => (window as unknown as { results: Promise<Record<string, string>> }).results);
      for (const f of FILES) expect(results[basename(f)], f).toBe(sha256((await decodeFile(resolve(DICOM_DIR, f))).data));
    } finally {
      await browser.close();
      server.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
