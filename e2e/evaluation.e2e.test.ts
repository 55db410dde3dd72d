import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { decode } from 'fast-png';
import type { Browser, Page } from 'playwright-core';
import { buildBrainDataset, buildPhantomDataset, BRAIN_LABEL_MAPPING, type EvalDataset } from '../test/eval-dataset';
import { readExample, withParams } from '../test/material';
import { ARTIFACTS_DIR, launchChromium } from './browser';
import { trpcHttp } from './trpc-http';

type Summary = { n: number; mean: number | null; median: number | null; ci95: [number, number] | null; missing: number };
type Report = {
  evaluation: { id: string; status: string; summary: { label: number; name: string; metrics: Record<string, Summary>; undefinedCount: Record<string, number> }[] | null };
  labels: { label: number; name: string }[];
  cases: { caseKey: string; status: string; runId: string | null; meanDice: number | null }[];
};
const METRICS = ['dice', 'hd95Mm', 'assdMm', 'surfaceDice', 'volumeDiffMl'];
/** The page prints three decimals; the test derives the expected text from the report JSON. */
const three = (v: number | null) => (v === null ? '—' : v.toFixed(3));
const signed = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(3)}`);
const BRAIN = 'Brain MRI grey/white matter segmentation';

/**
 * The evaluation UI end to end: a dataset uploaded over HTTP, evaluations started over tRPC and
 * awaited by bounded polling; then the report page (figures equal to report.json, thumbnails,
 * charts, screenshot), a refused publish overridden in the versions panel, and the A/B page.
 */
describe('evaluation report, gate override and A/B (Debian Chromium)', () => {
  const baseURL = inject('baseURL');
  const api = trpcHttp(baseURL);
  let browser: Browser;
  let page: Page;
  let dir: string;
  let brain: EvalDataset;
  let phantom: EvalDataset;

  async function uploadDataset(name: string, ds: EvalDataset, keys: string[]): Promise<string> {
    const { id } = await api.mutate<{ id: string }>('datasets.create', { name });
    const form = new FormData();
    for (const c of ds.cases.filter((x) => keys.includes(x.key))) for (const f of [c.image, c.reference]) form.append('files', new Blob([readFileSync(f)]), basename(f));
    form.append('labelMapping', JSON.stringify(ds.labelMapping));
    const res = await fetch(`${baseURL}/api/datasets/${id}/versions`, { method: 'POST', body: form, headers: { cookie: await api.cookie() } });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }
  async function evaluated(id: string, timeout: number): Promise<void> {
    await expect.poll(async () => (await api.query<{ status: string }>('evaluations.get', { id })).status, { timeout, interval: 1000 }).toMatch(/succeeded|failed|cancelled/);
    expect((await api.query<{ status: string }>('evaluations.get', { id })).status).toBe('succeeded');
  }
  /** A viewport screenshot saved under e2e/artifacts, with its distinct colours (sampled) and a pixel counter. */
  async function screenshot(name: string) {
    const path = join(ARTIFACTS_DIR, name);
    await page.screenshot({ path });
    expect(statSync(path).size).toBeGreaterThan(60_000);
    const png = decode(readFileSync(path));
    const px = (p: number) => [0, 1, 2].map((c) => png.data[p * png.channels + c] as number);
    const sampled = new Set<number>();
    for (let p = 0; p < png.width * png.height; p += 97) sampled.add(px(p).reduce((a, v) => (a << 8) | v, 0));
    const count = (pred: (rgb: number[]) => boolean) => {
      let n = 0;
      for (let p = 0; p < png.width * png.height; p++) if (pred(px(p))) n++;
      return n;
    };
    return { colours: sampled.size, count };
  }
  const reportJson = async (id: string) => (await (await fetch(`${baseURL}/api/evaluations/${id}/report.json`, { headers: { cookie: await api.cookie() } })).json()) as Report;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'evaluation-e2e-'));
    [brain, phantom] = await Promise.all([buildBrainDataset(dir), buildPhantomDataset(dir, 64)]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${baseURL}/api/auth/demo?next=/`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('report page: the brain pipeline on the T1 and a reoriented T1, figures as report.json, thumbnails, charts, screenshot', async () => {
    const pipelines = await api.query<{ id: string; name: string; activeVersion: { id: string } | null }[]>('pipelines.list');
    const pipeline = pipelines.find((p) => p.name === BRAIN);
    expect(pipeline?.activeVersion, 'the seed registers the brain pipeline when ../shared/data holds the models').toBeTruthy();
    const datasetVersionId = await uploadDataset('e2e brain T1', brain, ['t1', 't1-flip-xz']);
    const { evaluation } = await api.mutate<{ evaluation: { id: string } }>('evaluations.start', { versionId: pipeline!.activeVersion!.id, datasetVersionId });
    await evaluated(evaluation.id, 300_000);
    const report = await reportJson(evaluation.id);
    expect(report.cases.map((c) => c.status)).toEqual(['succeeded', 'succeeded']); // the reoriented T1 too: the output lands on its own grid

    await page.goto(`${baseURL}/evaluations/${evaluation.id}`);
    await page.getByTestId('summary-table').waitFor();
    for (const name of Object.values(BRAIN_LABEL_MAPPING.names)) expect(await page.getByTestId('summary-table').textContent()).toContain(name);
    for (const l of report.evaluation.summary!) {
      for (const m of METRICS) {
        expect(await page.getByTestId(`summary-${l.label}-${m}-mean`).textContent()).toBe(three(l.metrics[m].mean));
        expect(await page.getByTestId(`summary-${l.label}-${m}-median`).textContent()).toBe(three(l.metrics[m].median));
        expect(await page.getByTestId(`summary-${l.label}-${m}-undefined`).textContent()).toBe(String(l.undefinedCount[m]));
      }
    }
    // cases worst-first as the report orders them, each with its mean Dice and a loaded thumbnail
    const rows = page.getByTestId('cases-table').locator('tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')))).toEqual(report.cases.map((c) => `case-${c.caseKey}`));
    for (const c of report.cases) expect(await page.getByTestId(`case-${c.caseKey}`).getByTestId('case-mean-dice').textContent()).toBe(three(c.meanDice));
    const thumbs = page.getByTestId('case-thumbnail');
    expect(await thumbs.count()).toBe(2);
    for (let i = 0; i < 2; i++) await expect.poll(() => thumbs.nth(i).evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
    for (const m of METRICS) await page.getByTestId(`chart-${m}`).locator('canvas').first().waitFor({ timeout: 15_000 });

    // the page scrolls inside the shell: the top (header, summary) and the cases, each a 1440x900 screenshot
    const top = await screenshot('evaluation-report.png');
    await page.getByTestId('cases-table').scrollIntoViewIfNeeded();
    const lower = await screenshot('evaluation-report-cases.png');
    for (const png of [top, lower]) expect(png.colours).toBeGreaterThan(50);
    // the thumbnails' contours are on screen: reference green, prediction magenta
    expect(lower.count(([r, g, b]) => g > 170 && r < 60 && b < 120)).toBeGreaterThan(20);
    expect(lower.count(([r, g, b]) => r > 220 && g < 110 && b > 160)).toBeGreaterThan(20);

    // the worst case in the viewer, its reference outlined over the prediction
    await page.getByTestId(`case-${report.cases[0].caseKey}`).getByTestId('case-open-viewer').click();
    await page.getByTestId('layer-reference').waitFor({ timeout: 60_000 });
    const outlined = () => page.getByTestId('overlay-axial').evaluate((c) => {
      const el = c as HTMLCanvasElement;
      const d = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
      let white = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] > 250 && d[i + 1] > 250 && d[i + 2] > 250) white++;
      return white;
    });
    await expect.poll(outlined, { timeout: 30_000 }).toBeGreaterThan(50);
    await page.getByTestId('layer-reference').click();
    await expect.poll(outlined, { timeout: 10_000 }).toBe(0);
  }, 400_000);

  let pipelineId: string;
  let v1: string;
  let v2: string;
  let e1: string;
  let e2: string;

  it('a version refused by the acceptance criteria, overridden with a reason in the versions panel', async () => {
    const graph = await readExample('demo-tissue.json');
    ({ id: pipelineId } = await api.mutate<{ id: string }>('pipelines.create', { name: 'e2e gated tissue', graph }));
    ({ id: v1 } = await api.mutate<{ id: string }>('versions.publish', { pipelineId, bump: 'major' }));
    const datasetVersionId = await uploadDataset('e2e phantom', phantom, ['phantom']);
    ({ evaluation: { id: e1 } } = await api.mutate<{ evaluation: { id: string } }>('evaluations.start', { versionId: v1, datasetVersionId }));
    await evaluated(e1, 60_000);
    const d1 = (await reportJson(e1)).evaluation.summary!.find((l) => l.label === 3)!.metrics.dice.mean!;
    // v2 must beat v1's white matter Dice; its change (normalise over non-zero voxels only) does not
    await api.mutate('evaluations.setCriteria', { pipelineId, criteria: [{ datasetVersionId, label: 3, metric: 'dice', statistic: 'mean', threshold: d1 + 0.001 }] });
    await api.mutate('pipelines.saveDraft', { id: pipelineId, graph: withParams(graph, { normalize: { nonzeroOnly: true } }) });
    const published = await api.mutate<{ id: string; gate: { state: string } }>('versions.publish', { pipelineId, bump: 'minor' });
    v2 = published.id;
    await expect.poll(async () => (await api.query<{ gate: { state: string } }>('versions.detail', { id: v2 })).gate.state, { timeout: 60_000, interval: 1000 }).toBe('refused');
    [{ id: e2 }] = await api.query<{ id: string }[]>('evaluations.listByVersion', { versionId: v2 });

    await page.goto(`${baseURL}/pipelines/${pipelineId}`);
    await page.getByTestId('tab-versions').click();
    const panel = page.getByTestId('version-evaluations-1.1.0');
    await expect.poll(() => panel.getByTestId('gate-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('refused');
    expect(await panel.getByTestId('gate-failing').textContent()).toContain('Dice');
    await panel.getByTestId('override-open-1.1.0').click();
    await page.getByTestId('override-reason').fill('e2e: accepted for a reader study');
    await page.getByTestId('override-confirm').click();
    await expect.poll(() => panel.getByTestId('gate-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('overridden');
    expect(await panel.getByTestId('gate-state').textContent()).toContain('published over failed criteria');
    expect(await panel.getByTestId('gate-state').textContent()).toContain('e2e: accepted for a reader study');
    expect(await api.query<{ publishedOverFailedCriteria: boolean }>('versions.detail', { id: v2 })).toMatchObject({ publishedOverFailedCriteria: true });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'evaluation-override.png') });
  }, 180_000);

  it('A/B page: paired differences as evaluations.compare gives them, both viewers on one slice', async () => {
    await evaluated(e2, 60_000);
    const cmp = await api.query<{ labels: { label: number; difference: Record<string, Summary> }[] }>('evaluations.compare', { a: e1, b: e2 });
    await page.goto(`${baseURL}/pipelines/${pipelineId}/diff?from=${v1}&to=${v2}`);
    await page.getByTestId('metrics-diff').waitFor({ timeout: 30_000 });
    await page.getByTestId('open-ab').click();
    await page.waitForURL(/\/evaluations\/compare\?/);
    await page.getByTestId('differences-table').waitFor();
    for (const l of cmp.labels) expect(await page.getByTestId(`diff-${l.label}-dice-mean`).textContent()).toBe(signed(l.difference.dice.mean));
    const axial = (side: 'a' | 'b') => page.getByTestId(`ab-viewer-${side}`).getByTestId('viewport-axial');
    await axial('a').waitFor({ timeout: 60_000 });
    await axial('b').waitFor();
    const slice = async (side: 'a' | 'b') => Number(await axial(side).getAttribute('data-slice'));
    const before = await slice('a');
    expect(await slice('b')).toBe(before);
    await axial('b').hover();
    await page.mouse.wheel(0, 100);
    await expect.poll(() => slice('a')).not.toBe(before);
    expect(await slice('b')).toBe(await slice('a'));
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'evaluation-ab.png'), fullPage: true });
  }, 120_000);
});
