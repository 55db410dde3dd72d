import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHeadPhantom } from '../../demo/phantom';
import { datasetVersions, scans, workspaces } from '../../drizzle/schema';
import type { VolumeValue } from '../../runtimes/core/values';
import { worldToVoxel } from '../../runtimes/imaging/geometry';
import { readNifti, writeNifti } from '../../runtimes/imaging/nifti';
import { readSeg } from '../../runtimes/imaging/seg';
import { readDicomSeriesFiles } from '../../runtimes/server/dicom-files';
import { corpusPath, needFiles } from '../../test/needs';
import type { ServiceDeps } from '../context';
import { DEFAULT_DEID, updateDeidSettings } from '../deid/settings';
import { createTestServices, testPrincipal } from '../test-fixtures';
import { getDatasetDto, listDatasets, listVersionCases } from './read';
import { listDatasetCases } from './repo';
import { createDataset } from './service';
import { uploadDatasetVersion } from './upload';

const LIMIT = 512 * 1024 * 1024;
const CT = corpusPath('dicom/ct_series_seg');
const ctNeed = needFiles(CT);

/** A multipart request as a browser sends a folder (relative paths as file names) or one zip. */
function request(files: Record<string, Uint8Array>, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, bytes] of Object.entries(files)) form.append('file', new Blob([new Uint8Array(bytes)]), name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return new Request('http://studio.test/api/datasets/x/versions', { method: 'POST', body: form });
}

const nii = (v: Parameters<typeof writeNifti>[0]) => writeNifti(v, { gzip: true });
const phantom = (seed: number) => makeHeadPhantom({ size: 20, seed });
/** Two cases in the nnU-Net layout under a top folder. */
function nnunetFiles(): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const [key, seed] of [['case_a', 1], ['case_b', 2]] as const) {
    const p = phantom(seed);
    out[`set/imagesTr/${key}_0000.nii.gz`] = nii(p.volume);
    out[`set/labelsTr/${key}.nii.gz`] = nii(p.labels);
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('labelled datasets (real PostgreSQL)', () => {
  let base: ServiceDeps & { dataDir: string; close(): Promise<void> };
  let deps: ServiceDeps;
  beforeAll(async () => {
    base = await createTestServices();
    deps = { ...base, principal: testPrincipal('engineer') };
  });
  afterAll(async () => base?.close());

  const scanCount = async () => (await deps.db.select({ n: sql<number>`count(*)::int` }).from(scans))[0].n;

  it('a zip of NIfTI pairs becomes version 1: scans stored, references on the scan grid, counts and identity mapping', async () => {
    const ds = await createDataset(deps, { name: 'phantoms' });
    await expect(createDataset(deps, { name: ' phantoms ' })).rejects.toMatchObject({ code: 'DATASET_EXISTS' });
    const v = await uploadDatasetVersion(deps, ds.id, request({ 'set.zip': zipSync(nnunetFiles()) }), LIMIT);
    expect([v.number, v.caseCount]).toEqual([1, 2]);
    expect(v.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(v.labelMapping.entries.map((e) => [e.reference, e.label])).toEqual([[1, 1], [2, 2], [3, 3], [4, 4]]);
    expect(v.labelMapping.names['3']).toBe('label 3');
    const cases = await listVersionCases(deps, v.id);
    expect(cases.map((c) => [c.caseKey, c.scanName, c.scanFormat, c.referenceFormat])).toEqual([
      ['case_a', 'case_a', 'nifti', 'nifti'],
      ['case_b', 'case_b', 'nifti', 'nifti'],
    ]);
    const truth = phantom(1).labels;
    const stored = readNifti(await deps.blobs.read(cases[0].referenceSha256));
    expect(Array.from(stored.data)).toEqual(Array.from(truth.data));
    expect(stored.geometry.dims).toEqual(truth.geometry.dims);
    const expected: Record<string, number> = {};
    for (const x of truth.data) expected[x] = (expected[x] ?? 0) + 1;
    expect(cases[0].referenceCounts).toEqual(expected);
    expect((await getDatasetDto(deps, ds.id)).versions.map((x) => x.number)).toEqual([1]);
  });

  it('the same content as a folder upload is refused as DATASET_VERSION_EXISTS naming version 1, storing nothing', async () => {
    const [ds] = await listDatasets(deps);
    const before = [await scanCount(), filesUnder(base.dataDir).length];
    await expect(uploadDatasetVersion(deps, ds.id, request(nnunetFiles()), LIMIT)).rejects.toMatchObject({ code: 'DATASET_VERSION_EXISTS', details: { number: 1 } });
    expect([await scanCount(), filesUnder(base.dataDir).length]).toEqual(before);
  });

  it('a folder with side-by-side pairs and a given label mapping becomes version 2', async () => {
    const [ds] = await listDatasets(deps);
    const p = phantom(3);
    const mapping = JSON.stringify({ entries: [{ reference: 2, label: 1 }, { reference: 3, label: 1 }], names: { '1': 'brain' } });
    const v = await uploadDatasetVersion(deps, ds.id, request({ 'drop/c.nii.gz': nii(p.volume), 'drop/c_mask.nii.gz': nii(p.labels) }, { labelMapping: mapping, notes: 'side by side' }), LIMIT);
    expect([v.number, v.caseCount, v.notes]).toEqual([2, 1, 'side by side']);
    expect(v.labelMapping).toEqual({ entries: [{ reference: 2, label: 1 }, { reference: 3, label: 1 }], names: { '1': 'brain' } });
  });

  it('a reference off the scan grid (origin 0.01 mm away) is refused naming the case, nothing stored', async () => {
    const ds = await createDataset(deps, { name: 'shifted' });
    const p = phantom(4);
    const g = p.labels.geometry;
    const shifted = { ...p.labels, geometry: { ...g, origin: [g.origin[0] + 0.01, g.origin[1], g.origin[2]] as VolumeValue['geometry']['origin'] } };
    const before = [await scanCount(), filesUnder(base.dataDir).length];
    const files = { 'ok.nii.gz': nii(phantom(5).volume), 'ok_seg.nii.gz': nii(phantom(5).labels), 'bad.nii.gz': nii(p.volume), 'bad_seg.nii.gz': nii(shifted) };
    await expect(uploadDatasetVersion(deps, ds.id, request(files), LIMIT)).rejects.toMatchObject({ code: 'DATASET_GRID_MISMATCH', details: { caseKey: 'bad' } });
    expect([await scanCount(), filesUnder(base.dataDir).length]).toEqual(before);
    expect((await getDatasetDto(deps, ds.id)).versions).toEqual([]);
    // Unpaired files are listed, before any volume is read.
    await expect(uploadDatasetVersion(deps, ds.id, request({ 'ok.nii.gz': nii(phantom(5).volume), 'lonely_seg.nii.gz': nii(p.labels) }), LIMIT)).rejects.toMatchObject({
      code: 'DATASET_UNPAIRED',
      details: { files: ['lonely_seg.nii.gz', 'ok.nii.gz'] },
    });
    expect([await scanCount(), filesUnder(base.dataDir).length]).toEqual(before);
  });

  it.skipIf(!ctNeed.ok)(ctNeed.title('DICOM series + SEG, de-identified: the SEG still references the stored series; liver per slice 35220/35645/36233'), async () => {
    await updateDeidSettings(deps, 'ws_default', { ...DEFAULT_DEID, enabled: true }, 'test');
    try {
      const ds = await createDataset(deps, { name: 'liver' });
      const names = ['ct_01.dcm', 'ct_02.dcm', 'ct_03.dcm', 'liver_seg.dcm'];
      const files = Object.fromEntries(names.map((n) => [`liver/${n}`, new Uint8Array(readFileSync(path.join(CT, n)))]));
      const v = await uploadDatasetVersion(deps, ds.id, request(files), LIMIT);
      expect(v.labelMapping.entries).toEqual([{ reference: 1, label: 1 }]);
      const [c] = await listVersionCases(deps, v.id);
      expect([c.caseKey, c.referenceFormat]).toEqual(['liver', 'dicom-seg']);
      const ref = readNifti(await deps.blobs.read(c.referenceSha256));
      const [nx, ny, nz] = ref.geometry.dims;
      const perSlice = Array.from({ length: nz }, (_, k) => Array.from(ref.data.subarray(k * nx * ny, (k + 1) * nx * ny)).filter((x) => x === 1).length);
      // The known counts are per file (ct_01..ct_03): each file's slice found by its position.
      const byFile = [];
      for (const n of names.slice(0, 3)) {
        const { series: one } = await readDicomSeriesFiles([path.join(CT, n)]);
        byFile.push(perSlice[Math.round(worldToVoxel(ref.geometry, one.instances[0].position)[2])]);
      }
      expect(byFile).toEqual([35220, 35645, 36233]);
      // The stored series and SEG carry new UIDs, and the SEG references the stored series.
      const scan = (await deps.db.select().from(scans).where(sql`${scans.id} = ${c.scanId}`))[0];
      const { series } = await readDicomSeriesFiles(await Promise.all(scan.files.map((f) => deps.blobs.localPath(f.sha256))));
      const { series: original } = await readDicomSeriesFiles(names.slice(0, 3).map((n) => path.join(CT, n)));
      const [stored] = await listDatasetCases(deps.db, v.id);
      const seg = readSeg(await deps.blobs.read(stored.referenceFiles[0].sha256));
      expect(series.seriesInstanceUid).not.toBe(original.seriesInstanceUid);
      expect(seg.referencedSeriesInstanceUid).toBe(series.seriesInstanceUid);
      expect(new Set(seg.frames.map((f) => f.sourceSopInstanceUid))).toEqual(new Set(series.instances.map((i) => i.sopInstanceUid)));
      expect(ref.geometry.dims).toEqual([512, 512, 3]);
      // De-identification is deterministic (keyed), so the same upload has the same content hash.
      await expect(uploadDatasetVersion(deps, ds.id, request(files), LIMIT)).rejects.toMatchObject({ code: 'DATASET_VERSION_EXISTS', details: { number: 1 } });
    } finally {
      await updateDeidSettings(deps, 'ws_default', DEFAULT_DEID, 'test');
    }
  });

  it('dataset versions are insert-only: UPDATE and DELETE fail', async () => {
    await expect(deps.db.update(datasetVersions).set({ notes: 'changed' })).rejects.toThrow();
    await expect(deps.db.execute(sql`delete from dataset_versions`)).rejects.toThrow();
  });

  it('another workspace sees none of it', async () => {
    await base.db.insert(workspaces).values({ id: 'ws_other', name: 'Other' });
    const other = { ...base, principal: testPrincipal('engineer', 'ws_other', 'u-other') };
    const [ds] = await listDatasets(deps);
    expect(await listDatasets(other)).toEqual([]);
    await expect(getDatasetDto(other, ds.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listVersionCases(other, (await getDatasetDto(deps, ds.id)).versions[0].id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(uploadDatasetVersion(other, ds.id, request(nnunetFiles()), LIMIT)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The same name is free in another workspace.
    await expect(createDataset(other, { name: ds.name })).resolves.toMatchObject({ workspaceId: 'ws_other' });
  });
});
