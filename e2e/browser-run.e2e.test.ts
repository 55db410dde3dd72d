import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { ARTIFACTS_DIR, launchChromium } from './browser';
import { trpcHttp } from './trpc-http';
import { corpusPath, needFiles } from '../test/needs';

const DEMO = 'Demo: head phantom tissue classes';
const BRAIN_64 = 'Brain MRI grey/white matter segmentation (64^3 tiles)';
const BRAIN_256 = 'Brain MRI grey/white matter segmentation';
const T1_SCAN = 'T1 brain MRI (256^3, 1 mm)';
const CORPUS = corpusPath('models');
const T1 = join(CORPUS, 't1_crop_256_uint8.nii.gz');
const corpus = needFiles(join(CORPUS, 'brainchop_meshnet_gwm_64cube.onnx'), T1);
const corpus256 = needFiles(join(CORPUS, 'niivue_meshnet_gwm_256.onnx'), T1);
/** The whole-volume 256^3 MeshNet in wasm takes about a minute on two cores: room for slow machines. */
const RUN_256_MS = 600_000;
/** Any request body bigger than this during a browser run fails the test (tRPC metadata is ~1 KB). */
const MAX_BODY = 4096;

type Version = { id: string; semver: string };
type Pipeline = { id: string; name: string; versions: Version[]; draft: { nodes: { id: string; params: Record<string, unknown> }[] } };
type Run = { id: string; status: string; executor: string; artifacts: { name: string; labelCounts?: Record<string, number> }[] };

const indexOf = (hay: Buffer, needle: number[]) => hay.indexOf(Buffer.from(needle));

/** Fails on any request that could carry the scan: large bodies, gzip or NIfTI magic bytes. */
function watchRequests(page: Page) {
  const bad: string[] = [];
  let seen = 0;
  const onRequest = (req: Request) => {
    seen++;
    const body = req.postDataBuffer();
    if (!body) return;
    if (body.length > MAX_BODY) bad.push(`${req.method()} ${req.url()}: ${body.length} bytes`);
    if (indexOf(body, [0x1f, 0x8b]) >= 0) bad.push(`${req.method()} ${req.url()}: gzip magic`);
    if (indexOf(body, [0x6e, 0x2b, 0x31, 0x00]) >= 0 || indexOf(body, [0x6e, 0x69, 0x31, 0x00]) >= 0) bad.push(`${req.method()} ${req.url()}: NIfTI magic`);
  };
  page.on('request', onRequest);
  return { stop: () => page.off('request', onRequest), bad, seen: () => seen };
}

describe('run in my browser (Debian Chromium): the scan never leaves the page', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const baseURL = inject('baseURL');
  const api = trpcHttp(baseURL);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'browser-run-e2e-'));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1100 } });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function pipelineNamed(name: string): Promise<Pipeline> {
    const list = await api.query<{ id: string; name: string }[]>('pipelines.list');
    const p = list.find((x) => x.name === name);
    if (!p) throw new Error(`pipeline ${name} is not seeded`);
    return api.query<Pipeline>('pipelines.get', { id: p.id });
  }

  async function serverRun(versionId: string, scanId: string, timeout = 180_000): Promise<Run> {
    const { runId } = await api.mutate<{ runId: string }>('runs.start', { versionId, scanId });
    await expect.poll(async () => (await api.query<Run>('runs.get', { id: runId })).status, { timeout, interval: 500 }).toBe('succeeded');
    return api.query<Run>('runs.get', { id: runId });
  }

  /** Opens the run page of a version, runs it in the browser on a local file, returns label counts. */
  async function browserRun(pipelineId: string, versionId: string, file: string, timeout = 240_000) {
    await page.goto(`${baseURL}/pipelines/${pipelineId}/run?version=${versionId}`);
    await page.getByTestId('run-in-browser').click();
    const watch = watchRequests(page);
    await page.getByTestId('browser-scan-file').setInputFiles(file);
    await page.getByTestId('browser-scan-chosen').waitFor();
    await page.getByTestId('browser-run-start').click();
    const status = page.getByTestId('browser-run-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout, interval: 500 }).toMatch(/succeeded|failed/);
    const recorded = page.getByTestId('browser-run-recorded');
    await recorded.waitFor({ timeout: 30_000 });
    watch.stop();
    const error = await page.getByText('The run failed in this browser').count();
    expect(await status.getAttribute('data-status'), error ? await page.locator('body').innerText() : '').toBe('succeeded');
    expect(watch.bad).toEqual([]);
    expect(watch.seen()).toBeGreaterThan(0); // the listener did see the run's requests (model download, record)
    const counts: Record<string, number> = {};
    for (const li of await page.getByTestId('browser-label-counts').locator('li').all()) {
      counts[(await li.getAttribute('data-label'))!] = Number(await li.getAttribute('data-count'));
    }
    return { counts, runId: (await recorded.getAttribute('data-run-id'))!, target: await page.getByTestId('browser-runtime').getAttribute('data-target') };
  }

  it('runs the demo pipeline on a local phantom file, same label counts as the server, recorded without pixels', async () => {
    const demo = await pipelineNamed(DEMO);
    const version = demo.versions.find((v) => v.semver === '1.0.0')!;
    const scans = await api.query<{ id: string; name: string }[]>('scans.list');
    const phantom = scans.find((s) => s.name === 'Demo head phantom')!;
    const bytes = Buffer.from(await (await fetch(`${baseURL}/api/scans/${phantom.id}/volume`, { headers: { cookie: await api.cookie() } })).arrayBuffer());
    const file = join(dir, 'head-phantom.nii.gz');
    writeFileSync(file, bytes);
    const server = await serverRun(version.id, phantom.id);
    const serverCounts = server.artifacts.find((a) => a.labelCounts)!.labelCounts!;

    const res = await browserRun(demo.id, version.id, file);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true); // COOP/COEP: wasm threads available
    expect(res.target).toMatch(/^browser-(wasm|webgpu)$/);
    expect(res.counts).toEqual(serverCounts);
    await page.getByTestId('overlay-axial').waitFor();
    await page.setViewportSize({ width: 1600, height: 2100 }); // the whole page: picker, nodes, runtime, viewer, volumes
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'browser-run.png'), fullPage: true });
    await page.setViewportSize({ width: 1600, height: 1100 });

    // the watcher itself catches a body that carries the scan (so an empty list above means something)
    const control = watchRequests(page);
    await page.evaluate(async (b64) => {
      const body = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      await fetch('/api/health', { method: 'POST', body }).catch(() => {});
    }, bytes.subarray(0, 8192).toString('base64'));
    control.stop();
    expect(control.bad.join('\n')).toMatch(/8192 bytes[\s\S]*gzip magic/);

    const runs = await api.query<{ id: string; executor: string; status: string; startedAt: string | null; finishedAt: string | null }[]>('runs.list', { limit: 50 });
    const rec = runs.find((r) => r.id === res.runId);
    expect(rec).toMatchObject({ executor: 'browser', status: 'succeeded' });
    expect(rec!.startedAt && rec!.finishedAt).toBeTruthy();
    const detail = await api.query<{ nodes: { status: string; ms: number | null }[]; artifacts: unknown[] }>('runs.get', { id: res.runId });
    expect(detail.nodes.every((n) => n.status === 'succeeded' && typeof n.ms === 'number')).toBe(true);
    expect(detail.artifacts).toEqual([]); // outputs stayed in the page
  });

  it.skipIf(!corpus.ok)(corpus.title('brain-gwm-64tiles on the reference 64^3 crop gives the reference counts in the browser'), async () => {
    const brain = await pipelineNamed(BRAIN_64);
    const draft = structuredClone(brain.draft);
    const crop = draft.nodes.find((n) => n.id === 'crop')!;
    crop.params = { ...crop.params, size: [64, 64, 64], offset: [96, 96, 96], center: false };
    await api.mutate('pipelines.saveDraft', { id: brain.id, graph: draft });
    const v = await api.mutate<{ id: string }>('versions.publish', { pipelineId: brain.id, bump: 'minor', notes: 'e2e: reference 64^3 crop' }).catch(async (e: Error) => {
      if (!/VERSION_EXISTS/.test(e.message)) throw e;
      return (await pipelineNamed(BRAIN_64)).versions[0]!;
    });
    const res = await browserRun(brain.id, v.id, T1);
    expect(res.counts).toEqual({ '0': 75224, '1': 109968, '2': 76952 });
  });

  it.skipIf(!corpus256.ok)(corpus256.title("brain-gwm-256 (whole-volume 256^3 MeshNet) on the real T1 gives the server's label counts in the browser"), async () => {
    const brain = await pipelineNamed(BRAIN_256);
    const version = brain.versions.find((v) => v.semver === '1.0.0')!;
    const scans = await api.query<{ id: string; name: string }[]>('scans.list');
    const t1 = scans.find((s) => s.name === T1_SCAN)!;
    const server = await serverRun(version.id, t1.id, RUN_256_MS);
    const serverCounts = server.artifacts.find((a) => a.labelCounts)!.labelCounts!;
    expect(Object.keys(serverCounts).sort()).toEqual(['0', '1', '2']); // the server's reference: background, white, grey matter

    const res = await browserRun(brain.id, version.id, T1, RUN_256_MS);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true); // wasm threads available
    expect(res.target).toBe('browser-wasm'); // 3-D Conv has no WebGPU kernel
    expect(res.counts).toEqual(serverCounts);
  }, RUN_256_MS * 2 + 120_000);
});
