import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { needAll, needFiles, needPython, PYTHON, REPO_ROOT, corpusPath } from '../test/needs';
import { ARTIFACTS_DIR, launchChromium } from './browser';
import { trpcHttp } from './trpc-http';

/**
 * The clinician's view: the shared T1 written as an axial MR series by pydicom (as the brain
 * variants do), uploaded, run through the seeded 256^3 brain pipeline on the server, and read
 * on the run page in three linked planes with the grey/white overlay.
 */
const T1 = corpusPath('models/t1_crop_256_uint8.nii.gz');
const NEED = needAll(needFiles(T1, 'models/niivue_meshnet_gwm_256.onnx'), needPython('nibabel', 'pydicom'));
const BRAIN = /^Brain MRI grey\/white matter segmentation( \(256\^3\))?$/;
const MAKE_SERIES = `
import sys; sys.path.insert(0, sys.argv[3])
import nibabel as nib
from nibabel.orientations import axcodes2ornt, io_orientation, ornt_transform
from dicom_series import write_series
src = nib.load(sys.argv[1])
write_series(src.as_reoriented(ornt_transform(io_orientation(src.affine), axcodes2ornt(("L", "P", "S")))), sys.argv[2], "MR")
`;

/** Pixels of a canvas with any alpha (the overlay is transparent where nothing is labelled). */
const colouredPixels = (canvas: Locator) =>
  canvas.evaluate((c) => {
    const el = c as HTMLCanvasElement;
    const d = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  });
const attr = async (l: Locator, name: string) => Number(await l.getAttribute(name));

describe('three-plane result viewer (Debian Chromium)', () => {
  const baseURL = inject('baseURL');
  const api = trpcHttp(baseURL);
  let browser: Browser;
  let page: Page;
  /** The uploaded MR series (the launcher case below uses it). */
  let seriesId: string | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'three-plane-e2e-'));

  beforeAll(async () => {
    if (!NEED.ok) return;
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    execFileSync(PYTHON, ['-c', MAKE_SERIES, T1, join(dir, 'mr'), join(REPO_ROOT, 'test/variants')], { timeout: 300_000 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(NEED.ok)(NEED.title('a DICOM MR series run through the brain pipeline shows in three linked planes with its overlay'), async () => {
    const form = new FormData();
    const names = readdirSync(join(dir, 'mr')).sort();
    expect(names.length).toBe(256);
    for (const n of names) form.append('files', new Blob([readFileSync(join(dir, 'mr', n))], { type: 'application/dicom' }), n);
    form.append('name', 'e2e T1 MR series');
    const up = await fetch(`${baseURL}/api/uploads/scan`, { method: 'POST', body: form, headers: { cookie: await api.cookie() } });
    expect(up.status, await up.clone().text()).toBe(201);
    const { scanId } = (await up.json()) as { scanId: string };
    seriesId = scanId;

    const pipelines = await api.query<{ id: string; name: string }[]>('pipelines.list');
    const brain = pipelines.find((p) => BRAIN.test(p.name))!;
    const { versions } = await api.query<{ versions: { id: string }[] }>('pipelines.get', { id: brain.id });
    const { runId } = await api.mutate<{ runId: string }>('runs.start', { versionId: versions[0]!.id, scanId });
    await expect.poll(async () => (await api.query<{ status: string }>('runs.get', { id: runId })).status, { timeout: 300_000, interval: 1000 }).toBe('succeeded');

    await page.goto(`${baseURL}/runs/${runId}`);
    const planes = ['axial', 'coronal', 'sagittal'].map((p) => ({ view: page.getByTestId(`viewport-${p}`), overlay: page.getByTestId(`overlay-${p}`) }));
    const [axial, coronal, sagittal] = planes as [(typeof planes)[0], (typeof planes)[0], (typeof planes)[0]];
    // Each plane renders a cornerstone canvas and shows labelled pixels of the overlay.
    for (const p of planes) {
      await p.view.waitFor({ timeout: 60_000 });
      await expect.poll(() => colouredPixels(p.overlay), { timeout: 60_000 }).toBeGreaterThan(200);
      expect(await p.view.locator('canvas').count()).toBeGreaterThanOrEqual(3); // cornerstone's, the overlay's, the crosshair's
    }
    // The viewer comes before the node table.
    const viewerTop = (await page.getByTestId('viewer').boundingBox())!.y;
    expect(viewerTop).toBeLessThan((await page.getByText('Nodes', { exact: true }).boundingBox())!.y);

    // Hiding one label takes its pixels off the overlay; showing it again brings them back.
    const legend = page.getByTestId('label-legend').getByRole('button');
    expect(await legend.count()).toBeGreaterThanOrEqual(2);
    const before = await colouredPixels(axial.overlay);
    await legend.first().click();
    await expect.poll(() => colouredPixels(axial.overlay)).toBeLessThan(before);
    expect(await colouredPixels(axial.overlay)).toBeGreaterThan(0); // the other label stays
    await legend.first().click();
    await expect.poll(() => colouredPixels(axial.overlay)).toBe(before);

    // A click in the axial plane moves the coronal and sagittal slices to the clicked voxel:
    // coronal slices count toward posterior as axial rows do, sagittal slices toward left as axial columns.
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'three-plane-viewer.png'), fullPage: true });
    const axialSlice = await attr(axial.view, 'data-slice');
    const box = (await axial.view.boundingBox())!;
    const start = { cor: await attr(coronal.view, 'data-slice'), sag: await attr(sagittal.view, 'data-slice') };
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.7);
    await expect.poll(() => attr(coronal.view, 'data-slice')).not.toBe(start.cor);
    await expect.poll(() => attr(sagittal.view, 'data-slice')).not.toBe(start.sag);
    expect(await attr(axial.view, 'data-slice')).toBe(axialSlice);
    expect(await attr(coronal.view, 'data-slice')).toBe(await attr(axial.view, 'data-row'));
    expect(await attr(sagittal.view, 'data-slice')).toBe(await attr(axial.view, 'data-col'));
    expect(await attr(axial.view, 'data-col')).toBeLessThan(128); // 30 % across: patient right half
    expect(await attr(axial.view, 'data-row')).toBeGreaterThan(128); // 70 % down: posterior half
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'three-plane-viewer-moved.png'), fullPage: true });
  }, 600_000); // upload of 256 slices + one 256^3 brain run (about 45 s on 2 cores) + the page

  it.runIf(NEED.ok)(NEED.title("a NIfTI-only pipeline's launcher greys the DICOM series out with the reason and never preselects it"), async () => {
    expect(seriesId).toBeDefined();
    const demo = (await api.query<{ id: string; name: string }[]>('pipelines.list')).find((p) => p.name === 'Demo: head phantom tissue classes')!;
    await page.goto(`${baseURL}/pipelines/${demo.id}/run`);
    const trigger = page.getByTestId('run-scan');
    await trigger.waitFor({ timeout: 60_000 });
    await expect.poll(() => trigger.textContent(), { timeout: 30_000 }).not.toMatch(/e2e T1 MR series/); // a compatible scan is chosen
    await trigger.click();
    const item = page.getByRole('option', { name: /e2e T1 MR series/ });
    await expect.poll(() => item.getAttribute('data-disabled'), { timeout: 30_000 }).toBe('');
    expect(await item.textContent()).toContain('this pipeline reads one NIfTI-1 file');
    // compatible scans are listed first: the greyed-out ones form the end of the list
    const disabled = await page.getByRole('option').evaluateAll((els) => els.map((e) => e.hasAttribute('data-disabled')));
    expect(disabled[0]).toBe(false);
    expect(disabled.slice(disabled.indexOf(true)).every(Boolean)).toBe(true);
    await page.keyboard.press('Escape');
  }, 120_000);
});
