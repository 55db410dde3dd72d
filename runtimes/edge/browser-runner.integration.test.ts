import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../demo/tissue-classifier';
import { writeDemoScan } from '../../demo/scan';
import { PipelineGraphSchema } from '../../domain/graph/schema';
import { launchChromium } from '../../e2e/browser';
import { sha256Hex } from '../../domain/sha256';
import { readModelSignature } from '../core/onnx-signature';
import { buildEdgeBundle } from './bundle';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'edge-browser-runner-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

describe("edge bundle's index.html (Debian Chromium, onnxruntime-web through the registry)", () => {
  it('runs the demo pipeline twice in the page and offers the three outputs each time', async () => {
    const bytes = buildTissueClassifier();
    const sha256 = await sha256Hex(bytes);
    const model = { sha256, file: TISSUE_CLASSIFIER_FILE, bytes, signature: readModelSignature(bytes, sha256) };
    const graph = PipelineGraphSchema.parse(JSON.parse(readFileSync(path.join(REPO, 'examples/pipelines/demo-tissue.json'), 'utf8')));
    const { zip } = await buildEdgeBundle({ graph, version: '1.0.0', resolveModel: async () => model });
    const dir = path.join(work, 'bundle');
    for (const [f, b] of Object.entries(unzipSync(zip))) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), b);
    }
    const scan = path.join(work, 'scan.nii.gz');
    writeFileSync(scan, writeDemoScan());
    const server = createServer((req, res) => {
      const file = path.join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/\/$/, '/index.html'));
      try {
        const body = readFileSync(file);
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
      await page.setInputFiles('#scan', scan);
      // The runtime is disposed after each run: the second run opens its session again.
      for (const expected of [3, 6]) {
        await page.click('#run');
        await page.waitForFunction((n) => document.querySelectorAll('#outputs a').length >= n || /failed:/.test(document.getElementById('log')!.textContent ?? ''), expected, { timeout: 120_000 });
        const log = (await page.textContent('#log')) ?? '';
        expect(log).not.toContain('failed:');
        expect(log).toContain('running on browser-wasm');
        expect(await page.$$eval('#outputs a', (as) => as.length)).toBe(expected);
      }
      const names = await page.$$eval('#outputs a', (as) => as.map((a) => a.getAttribute('download')));
      expect(names.slice(0, 3).sort()).toEqual(['labels.nii.gz', 'overlay.png', 'report.json']);
    } finally {
      await browser.close();
      server.close();
    }
  });
});
