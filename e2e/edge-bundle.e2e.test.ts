import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { trpcHttp } from './trpc-http';

const DEMO = 'Demo: head phantom tissue classes';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

type Graph = { nodes: { id: string; kind: string; params: Record<string, unknown> }[] };

describe('edge bundle download from the pipeline page (Debian Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const baseURL = inject('baseURL');
  const api = trpcHttp(baseURL);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edge-bundle-e2e-'));
    browser = await launchChromium();
    page = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 1600, height: 1100 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('"Download edge bundle" on a published version downloads a zip whose manifest pins that version', async () => {
    const list = await api.query<{ id: string; name: string }[]>('pipelines.list');
    const demo = list.find((p) => p.name === DEMO)!;
    const detail = await api.query<{ versions: { id: string; semver: string }[] }>('pipelines.get', { id: demo.id });
    const v = detail.versions.find((x) => x.semver === '1.0.0')!;
    const version = await api.query<{ semver: string; graph: Graph }>('versions.get', { id: v.id });

    await page.goto(`${baseURL}/pipelines/${demo.id}`);
    await page.getByTestId('tab-versions').click();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('edge-bundle-1.0.0').click()]);
    expect(download.suggestedFilename()).toMatch(/^demo-head-phantom-tissue-classes-v1\.0\.0-edge\.zip$/);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const zip = new Uint8Array(readFileSync(file));
    expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]); // PK\3\4: a zip local file header
    const files = unzipSync(zip);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { pipeline: { version: string; graph: Graph }; models: { sha256: string }[] };
    expect(manifest.pipeline.version).toBe(version.semver);
    const pinned = version.graph.nodes.filter((n) => n.kind === 'model.onnx').map((n) => (n.params.model as { sha256: string }).sha256);
    expect(manifest.models.map((m) => m.sha256)).toEqual(pinned);
    for (const s of pinned) expect(sha(files[`models/${s}.onnx`])).toBe(s);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['run.mjs', 'runner.js', 'index.html', 'package.json']));
  });
});
