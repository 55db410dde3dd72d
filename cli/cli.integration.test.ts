import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoScan } from '../demo/scan';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../demo/tissue-classifier';
import type { PipelineGraph } from '../domain/graph/schema';
import { createTestDatabase, type TestDatabase } from '../drizzle/test-db';
import { sha256HexSync } from '../runtimes/server/sha256';
import { BRAIN_CORPUS, buildFixedShapeModel, corpusDir, corpusModels, corpusT1, hasCorpus, readExample, repoRoot } from '../test/material';
import { needFiles } from '../test/needs';
import { studio, type CliResult } from '../test/studio-cli';
import { startTemporalServer, type TemporalTestServer } from '../workflows/dev-server';

/**
 * `studio` as a user runs it (child process, stdout = one JSON document). Reference numbers
 * come from ../shared/data/README.md; without the corpus the brain cases are reported as
 * skipped and the generated demo material covers the same paths.
 */
const BRAIN_256 = { 0: 15523464, 1: 518540, 2: 735212 };
const BRAIN_64_CROP = { 0: 75224, 1: 109968, 2: 76952 };
const example = (name: string) => path.join(repoRoot, 'examples', 'pipelines', name);
const CT_SERIES = path.join(corpusDir, 'dicom', 'ct_series_5slice');
const CT = needFiles(CT_SERIES);

let tmp: string;
let server: TemporalTestServer;
let demo: { scan: string; models: string };
/** README setup: embedded PGlite in a fresh data dir, Temporal only when asked for. */
let embeddedEnv: Record<string, string>;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'studio-cli-'));
  server = await startTemporalServer();
  demo = { scan: path.join(tmp, 'demo-head.nii.gz'), models: path.join(tmp, 'models') };
  mkdirSync(demo.models);
  writeFileSync(demo.scan, writeDemoScan());
  writeFileSync(path.join(demo.models, TISSUE_CLASSIFIER_FILE), buildTissueClassifier());
  writeFileSync(path.join(demo.models, 'fixed-16.onnx'), buildFixedShapeModel(16));
  embeddedEnv = { STUDIO_DATA_DIR: path.join(tmp, 'data'), DATABASE_URL: '', TEMPORAL_ADDRESS: server.address };
  if (!hasCorpus) console.warn(`skipped: corpus missing at ${corpusT1}; brain reference cases do not run, demo material covers the CLI`);
});

afterAll(async () => {
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const labelCounts = (r: CliResult) => {
  // the top-level counts are the (only) label-map output's, also listed by node and per output
  expect(r.json.labelCountsByNode?.['labels-out']).toEqual(r.json.labelCounts);
  return r.json.labelCounts;
};
const hashes = (r: CliResult) => (r.json.outputs as { name: string; sha256: string }[]).map((o) => `${o.name}:${o.sha256}`);

function expectSuccess(r: CliResult, executor: string) {
  expect(r.code, r.stderr).toBe(0);
  expect(r.json).toMatchObject({ status: 'succeeded', executor, pipeline: { versionId: expect.any(String), semver: expect.stringMatching(/^\d+\.\d+\.\d+$/) } });
  expect(r.json.nodes.every((n: { id: string; kind: string; ms: number }) => n.id && n.kind && n.ms >= 0)).toBe(true);
}

describe('studio run (embedded PGlite database, like the README)', () => {
  const run = (pipeline: string, input: string, models: string, extra: string[]) =>
    studio(['run', pipeline, '--input', input, '--models', models, '--out', path.join(tmp, 'out', extra.join('_').replace(/\W+/g, '')), '--json', ...extra], embeddedEnv);

  it('--executor temporal without TEMPORAL_ADDRESS starts its own dev server and gives the same outputs', async () => {
    const out = (name: string) => path.join(tmp, 'out', name);
    const env = { ...embeddedEnv, STUDIO_DATA_DIR: path.join(tmp, 'data-own-server'), TEMPORAL_ADDRESS: '' };
    const own = await studio(['run', example('demo-tissue.json'), '--input', demo.scan, '--out', out('own'), '--json', '--executor', 'temporal'], env);
    expectSuccess(own, 'temporal');
    expect(own.stderr).toMatch(/started a local Temporal dev server/);
    const embedded = await studio(['run', example('demo-tissue.json'), '--input', demo.scan, '--out', out('own-embedded'), '--json', '--executor', 'embedded'], env);
    expect(hashes(own)).toEqual(hashes(embedded));
  });

  it('runs the demo pipeline on both executors with byte-identical outputs', async () => {
    const embedded = await run(example('demo-tissue.json'), demo.scan, demo.models, ['--executor', 'embedded']);
    expectSuccess(embedded, 'embedded');
    const counts = labelCounts(embedded);
    expect(Object.values(counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(128 ** 3);
    const temporal = await run(example('demo-tissue.json'), demo.scan, demo.models, ['--executor', 'temporal']);
    expectSuccess(temporal, 'temporal');
    expect(labelCounts(temporal)).toEqual(counts);
    expect(hashes(temporal)).toEqual(hashes(embedded));
    // Same content: the second run reused the version the first one published.
    expect(temporal.json.pipeline.versionId).toBe(embedded.json.pipeline.versionId);
  });

  // The T1 is already conformed (256^3, 1 mm, LIA, 0-255): conforming it with the full intensity
  // range moves no voxel and changes no value, so the pipeline must give the reference counts.
  it.runIf(hasCorpus)(BRAIN_CORPUS.title('brain-gwm-256 reproduces the reference label counts (embedded and temporal)'), async () => {
    const full = ['--set', 'conform.highPercentile=100'];
    const embedded = await run(example('brain-gwm-256.json'), corpusT1, corpusModels, ['--executor', 'embedded', ...full]);
    expectSuccess(embedded, 'embedded');
    expect(labelCounts(embedded)).toEqual(BRAIN_256);
    const temporal = await run(example('brain-gwm-256.json'), corpusT1, corpusModels, ['--executor', 'temporal', ...full]);
    expectSuccess(temporal, 'temporal');
    expect(labelCounts(temporal)).toEqual(BRAIN_256);
    expect(hashes(temporal)).toEqual(hashes(embedded));
  });

  it.runIf(CT.ok)(CT.title('a DICOM run of a published version records the version and model hash in its SEG and Secondary Capture (embedded and temporal)'), async () => {
    const graph = JSON.parse(readFileSync(example('demo-tissue.json'), 'utf8')) as PipelineGraph;
    const dicomGraph: PipelineGraph = {
      ...graph,
      name: 'CT provenance',
      nodes: [
        ...graph.nodes.map((n) => (n.id === 'input' ? { ...n, kind: 'input.scan' } : n)),
        { id: 'seg', kind: 'output.dicom-seg', version: 1, params: { algorithmName: 'provenance test' } },
        { id: 'sc', kind: 'output.dicom-sc', version: 1, params: { slice: 2 } },
      ],
      edges: [
        ...graph.edges,
        { id: 'seg-labels', source: { node: 'argmax', port: 'labels' }, target: { node: 'seg', port: 'labels' } },
        { id: 'seg-series', source: { node: 'input', port: 'series' }, target: { node: 'seg', port: 'series' } },
        { id: 'sc-image', source: { node: 'input', port: 'volume' }, target: { node: 'sc', port: 'image' } },
        { id: 'sc-labels', source: { node: 'argmax', port: 'labels' }, target: { node: 'sc', port: 'labels' } },
        { id: 'sc-series', source: { node: 'input', port: 'series' }, target: { node: 'sc', port: 'series' } },
      ],
    };
    const file = path.join(tmp, 'ct-provenance.json');
    writeFileSync(file, JSON.stringify(dicomGraph));
    const model = sha256HexSync(buildTissueClassifier());
    for (const executor of ['embedded', 'temporal']) {
      const r = await run(file, CT_SERIES, demo.models, ['--executor', executor]);
      expectSuccess(r, executor);
      const version = `${r.json.pipeline.semver}+`;
      const outputs = r.json.outputs as { name: string; path: string }[];
      const seg = readFileSync(outputs.find((o) => o.name === 'segmentation.dcm')!.path).toString('latin1');
      expect(seg).toContain(`pipelineVersion=${version}`);
      expect(seg).toContain(`modelSha256=${model}`);
      expect(seg).not.toContain('unversioned');
      const zip = unzipSync(new Uint8Array(readFileSync(outputs.find((o) => o.name.endsWith('.zip'))!.path)));
      const sc = Buffer.from(Object.values(zip)[0]).toString('latin1');
      expect(sc).toContain(`pipelineVersion=${version}`);
      expect(sc).toContain(`modelSha256=${model}`);
    }
  });

  it.runIf(hasCorpus)(BRAIN_CORPUS.title('the 64^3-tile pipeline set to the reference crop reproduces its counts'), async () => {
    const r = await run(example('brain-gwm-64tiles.json'), corpusT1, corpusModels, ['--set', 'crop.offset=[96,96,96]', '--set', 'crop.size=[64,64,64]']);
    expectSuccess(r, 'temporal'); // TEMPORAL_ADDRESS is set: the default executor is temporal
    expect(labelCounts(r)).toEqual(BRAIN_64_CROP);
  });
});

describe('studio errors (real PostgreSQL, fresh database)', () => {
  let tdb: TestDatabase;
  let pgEnv: Record<string, string>;
  beforeAll(async () => {
    tdb = await createTestDatabase({ migrate: false });
    pgEnv = { STUDIO_DATA_DIR: path.join(tmp, 'pgdata'), DATABASE_URL: tdb.url, TEMPORAL_ADDRESS: '' };
  });
  afterAll(async () => tdb?.drop());

  const rows = async (table: 'scans' | 'runs') => {
    const res = await tdb.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
    return (res as unknown as { n: number }[])[0].n;
  };
  const runDemo = (pipeline: string, input = demo.scan) =>
    studio(['run', pipeline, '--input', input, '--models', demo.models, '--out', path.join(tmp, 'err-out'), '--json'], pgEnv);
  const writePipeline = (name: string, g: PipelineGraph) => {
    const file = path.join(tmp, `${name}.json`);
    writeFileSync(file, JSON.stringify(g));
    return file;
  };

  it('db migrate applies the migrations to DATABASE_URL', async () => {
    const r = await studio(['db', 'migrate'], pgEnv);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ migrated: true, database: 'postgres' });
    expect(await rows('runs')).toBe(0);
  });

  it.each([
    ['a file that is not NIfTI or DICOM', 'notes.nii', new TextEncoder().encode('these are not voxels\n'.repeat(40)), 'UNSUPPORTED_UPLOAD'],
    ['a truncated .nii.gz', 'truncated.nii.gz', () => writeDemoScan().subarray(0, 40_000), 'TRUNCATED_UPLOAD'],
    ['a 0-byte file', 'empty.nii.gz', new Uint8Array(0), 'EMPTY_UPLOAD'],
  ])('refuses %s with a typed error and stores nothing', async (_what, name, bytes, code) => {
    const file = path.join(tmp, name);
    writeFileSync(file, typeof bytes === 'function' ? bytes() : bytes);
    const r = await runDemo(example('demo-tissue.json'), file);
    expect(r.code).not.toBe(0);
    expect(r.json.error).toMatchObject({ code, message: expect.any(String) });
    expect([await rows('scans'), await rows('runs')]).toEqual([0, 0]);
  });

  it('refuses a cycle, an unknown kind@version and a model that does not fit, with the issues', async () => {
    const base = await readExample('demo-tissue.json');
    const cycle = writePipeline('cycle', {
      ...base,
      edges: [...base.edges, { id: 'back', source: { node: 'argmax', port: 'labels' }, target: { node: 'normalize', port: 'volume' } }],
    });
    const unknown = writePipeline('unknown', {
      ...base,
      nodes: base.nodes.map((n) => (n.id === 'normalize' ? { ...n, version: 99 } : n.id === 'volumes' ? { ...n, kind: 'post.sharpen' } : n)),
    });
    // A 32^3 crop fed to a model whose input is fixed at [1,1,16,16,16].
    const mismatch = writePipeline('mismatch', {
      ...base,
      nodes: [
        ...base.nodes.map((n) => (n.id === 'model' ? { ...n, params: { ...n.params, model: { file: 'fixed-16.onnx' } } } : n)),
        { id: 'crop', kind: 'pre.crop-pad', version: 1, params: { size: [32, 32, 32] } },
      ],
      edges: [
        ...base.edges.filter((e) => e.target.node !== 'model'),
        { id: 'n-c', source: { node: 'normalize', port: 'volume' }, target: { node: 'crop', port: 'volume' } },
        { id: 'c-m', source: { node: 'crop', port: 'volume' }, target: { node: 'model', port: 'input' } },
      ],
    });
    const cases: [string, string[]][] = [
      [cycle, ['cycle']],
      [unknown, ['unknown-version', 'unknown-kind']],
      [mismatch, ['model-shape-mismatch']],
    ];
    if (hasCorpus) {
      const tiles = await readExample('brain-gwm-64tiles.json');
      cases.push([writePipeline('tiles50', { ...tiles, nodes: tiles.nodes.map((n) => (n.id === 'tile' ? { ...n, params: { ...n.params, size: 50 } } : n)) }), ['model-shape-mismatch']]);
    }
    for (const [file, codes] of cases) {
      const r = await studio(['run', file, '--input', demo.scan, '--models', hasCorpus && file.endsWith('tiles50.json') ? corpusModels : demo.models, '--out', path.join(tmp, 'err-out'), '--json'], pgEnv);
      expect(r.code, file).not.toBe(0);
      expect(r.json.error, file).toMatchObject({ code: 'PIPELINE_INVALID' });
      const found = (r.json.error.issues as { code: string; nodeId?: string }[]).map((i) => i.code);
      for (const code of codes) expect(found, `${file}: ${JSON.stringify(r.json.error.issues)}`).toContain(code);
      const v = await studio(['validate', file, '--models', demo.models], pgEnv);
      expect(v.code).toBe(1);
      expect(v.json.valid).toBe(false);
    }
    expect([await rows('scans'), await rows('runs')]).toEqual([0, 0]);
  });

  it('refuses a scan the model cannot take before it runs, in words, and validate --input says the same', async () => {
    // Valid as a graph (the scan's shape is unknown until a scan is named), but the demo scan is
    // not the 16^3 the model is fixed at.
    const base = await readExample('demo-tissue.json');
    const fixed = writePipeline('fixed16', { ...base, nodes: base.nodes.map((n) => (n.id === 'model' ? { ...n, params: { ...n.params, model: { file: 'fixed-16.onnx' } } } : n)) });
    expect((await studio(['validate', fixed, '--models', demo.models], pgEnv)).code).toBe(0);
    const v = await studio(['validate', fixed, '--models', demo.models, '--input', demo.scan], pgEnv);
    expect(v.code).toBe(1);
    const words = /^the scan \(a NIfTI file of 128x128x128 voxels( \(\w+\))?\) does not fit: model input "input" expects \[1,1,16,16,16\] but receives \[1,1,128,128,128\]$/;
    expect(v.json.issues).toEqual([expect.objectContaining({ code: 'scan-mismatch', nodeId: 'model', message: expect.stringMatching(words) })]);
    const runsBefore = await rows('runs');
    const r = await runDemo(fixed);
    expect(r.code).not.toBe(0);
    expect(r.json.error).toMatchObject({ code: 'SCAN_MISMATCH', message: expect.stringMatching(words) });
    expect(JSON.stringify(r.json)).not.toMatch(/Got: |Please fix either the inputs/); // never onnxruntime's text
    expect(await rows('runs')).toBe(runsBefore); // refused before a run row was written
  });

  it('answers unknown commands and missing arguments with BAD_ARGUMENTS', async () => {
    const r = await studio(['run', example('demo-tissue.json')], pgEnv);
    expect(r.code).not.toBe(0);
    expect(r.json.error.code).toBe('BAD_ARGUMENTS');
  });
});
