import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { makeHeadPhantom } from '../demo/phantom';
import { writeNifti } from '../runtimes/imaging/nifti';
import { launchChromium } from './browser';
import { trpcHttp } from './trpc-http';

/** An engineer creates a dataset on the Datasets page and uploads a zip, then a folder (webkitdirectory). */
describe('Datasets page (Debian Chromium)', () => {
  const baseURL = inject('baseURL');
  const api = trpcHttp(baseURL);
  let browser: Browser;
  let page: Page;
  let dir: string;
  const truth = (seed: number) => {
    const counts: Record<string, number> = {};
    for (const v of makeHeadPhantom({ size: 16, seed }).labels.data) counts[v] = (counts[v] ?? 0) + 1;
    return Object.entries(counts).filter(([v]) => v !== '0').map(([v, n]) => `${v}: ${n}`).join(' · ');
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'datasets-e2e-'));
    const a = makeHeadPhantom({ size: 16, seed: 1 });
    writeFileSync(join(dir, 'set.zip'), zipSync({ 'set/imagesTr/a_0000.nii.gz': writeNifti(a.volume, { gzip: true }), 'set/labelsTr/a.nii.gz': writeNifti(a.labels, { gzip: true }) }));
    const b = makeHeadPhantom({ size: 16, seed: 2 });
    mkdirSync(join(dir, 'folder'));
    writeFileSync(join(dir, 'folder', 'b.nii.gz'), writeNifti(b.volume, { gzip: true }));
    writeFileSync(join(dir, 'folder', 'b_seg.nii.gz'), writeNifti(b.labels, { gzip: true }));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('create, upload a zip (v1) and a folder (v2); versions and cases show the reference voxels', async () => {
    await page.goto(`${baseURL}/datasets`);
    await page.getByTestId('dataset-name').fill('e2e phantoms');
    await page.getByRole('button', { name: 'Create' }).click();
    // Other specs may have created datasets already: upload only once the new one is the one shown.
    const detail = page.locator('[data-testid="dataset-detail"][data-dataset-name="e2e phantoms"]');
    await detail.getByTestId('dataset-upload').waitFor();
    await detail.getByTestId('dataset-zip-input').setInputFiles(join(dir, 'set.zip'));
    await detail.getByTestId('dataset-version-1').waitFor();
    await expect.poll(() => page.getByTestId('dataset-case-a').textContent()).toContain(truth(1));
    await detail.getByTestId('dataset-folder-input').setInputFiles(join(dir, 'folder'));
    await detail.getByTestId('dataset-version-2').waitFor();
    await expect.poll(() => page.getByTestId('dataset-case-b').textContent()).toContain(truth(2));
    const ds = (await api.query<{ name: string; latestVersion: { number: number; caseCount: number } }[]>('datasets.list')).find((d) => d.name === 'e2e phantoms');
    expect(ds).toMatchObject({ name: 'e2e phantoms', latestVersion: { number: 2, caseCount: 1 } });
  });
});
