import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS_DIR, launchChromium } from './browser';

const DEMO = 'Demo: head phantom tissue classes';

/** Drag from one React Flow handle to another, as a person would with the mouse. */
async function connect(page: Page, from: { node: string; port: string }, to: { node: string; port: string }) {
  const src = page.locator(`.react-flow__handle.source[data-nodeid="${from.node}"][data-handleid="${from.port}"]`);
  const dst = page.locator(`.react-flow__handle.target[data-nodeid="${to.node}"][data-handleid="${to.port}"]`);
  const a = (await src.boundingBox())!;
  const b = (await dst.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

const edgeCount = (page: Page) => page.locator('.react-flow__edge').count();

describe('studio end to end (Debian Chromium)', () => {
  let browser: Browser;
  let page: Page;
  const baseURL = inject('baseURL');

  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('builds a pipeline on the canvas, publishes it, runs it on the demo scan and shows the overlay', async () => {
    await page.goto(baseURL);
    await page.getByText(DEMO).first().click();
    await page.waitForSelector('.react-flow__node');
    const before = await edgeCount(page);

    // add a node from the palette
    const nodesBefore = await page.locator('.react-flow__node').count();
    await page.getByTestId('palette-post.threshold').click();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(nodesBefore + 1);
    const added = page.locator('.react-flow__node').last();
    const addedId = (await added.getAttribute('data-id'))!;

    // an incompatible connection (report -> tensor) is refused, and the canvas says why
    await connect(page, { node: 'volumes', port: 'report' }, { node: addedId, port: 'tensor' });
    expect(await edgeCount(page)).toBe(before);

    // a compatible one (model logits -> threshold) is accepted
    await connect(page, { node: 'model', port: 'output' }, { node: addedId, port: 'tensor' });
    await expect.poll(() => edgeCount(page)).toBe(before + 1);

    // save and publish the changed graph as a new minor version
    await page.getByTestId('save-draft').click();
    await page.getByTestId('publish-open').click();
    await page.getByTestId('publish-bump-minor').click();
    await page.getByTestId('publish-notes').fill('e2e: second label output');
    await page.getByTestId('publish-confirm').click();
    await page.getByText('1.1.0').first().waitFor();

    // run the new version on the demo scan
    await page.getByTestId('run-open').click();
    await page.getByTestId('run-version').waitFor();
    await page.getByTestId('run-scan').click();
    await page.getByRole('option', { name: /Demo head phantom/ }).click();
    await page.getByTestId('run-start').click();
    await page.getByTestId('run-status').filter({ hasText: /succeeded/i }).waitFor({ timeout: 180_000 });

    // the overlay canvas shows coloured label pixels over the image
    const overlay = page.getByTestId('overlay-axial');
    await overlay.waitFor();
    await expect
      .poll(
        () =>
          overlay.evaluate((c) => {
            const el = c as HTMLCanvasElement;
            const d = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
            let coloured = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0) coloured++;
            return coloured;
          }),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(100);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'run-overlay.png'), fullPage: true });
  });

  it('shows scan thumbnails, and refuses to delete the scan the run above used', async () => {
    await page.goto(`${baseURL}/scans`);
    const row = page.getByTestId('scans-table').locator('tr', { hasText: /Demo head phantom/ }).first();
    const thumb = row.locator('img');
    await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: /Delete scan/ }).click();
    await page.getByTestId('toast-error').filter({ hasText: /run/ }).waitFor({ timeout: 15_000 });
    await expect.poll(() => row.count()).toBe(1);
  });
});
