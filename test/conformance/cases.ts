import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDemoScan } from '../../demo/scan';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../demo/tissue-classifier';
import { PipelineGraphSchema, type PipelineGraph } from '../../domain/graph/schema';
import { CORPUS_DIR } from '../needs';

/**
 * The conformance cases: ONE list that every target (in-process, Temporal, browser, edge) runs
 * and compares with the in-process reference. Each case is a pipeline from examples/pipelines
 * (with the few param edits it states), an input, the models it needs and what must agree.
 */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CORPUS = CORPUS_DIR;

export interface CaseFile {
  name: string;
  bytes: Uint8Array;
}
export interface CaseInput {
  format: 'nifti' | 'dicom';
  files: CaseFile[];
}

/** What every target must give, compared with the in-process reference of the same run. */
export interface Agreement {
  /** Artifact names each target must write (exactly these). */
  artifacts: string[];
  /** NIfTI label maps: same geometry and the same decompressed bytes (gzip encoders may differ: fflate in the page, zlib on Node). */
  labelMaps: string[];
  /** JSON artifacts: same structure, every number within `tolerance` (absolute, plus the same relative to the reference). */
  json: { names: string[]; tolerance: number };
  /** The float output of every model.onnx node, on targets that expose it (in-process, browser): same dims, within this tolerance. */
  logitsTolerance: number;
  /** Voxel counts per label known from the material itself (the corpus README), checked on the reference. */
  knownCounts?: Record<string, Record<string, number>>;
}

export interface ConformanceCase {
  id: string;
  /** examples/pipelines/<file>, with `edit` applied. */
  pipeline: string;
  edit?: (g: PipelineGraph) => void;
  /** Paths the case reads from ../shared/data (absent: not covered; under CI=true: a failure). */
  needs: string[];
  input(): CaseInput;
  models(): CaseFile[];
  agree: Agreement;
}

const tissueClassifier = (): CaseFile[] => [{ name: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() }];
const phantom = (size: number): CaseInput => ({
  format: 'nifti',
  files: [{ name: `phantom-${size}.nii.gz`, bytes: writeDemoScan({ size }) }],
});
const corpusFile = (rel: string): CaseFile => ({ name: path.basename(rel), bytes: new Uint8Array(readFileSync(path.join(CORPUS, rel))) });
const params = (g: PipelineGraph, id: string, p: Record<string, unknown>) => {
  const node = g.nodes.find((n) => n.id === id)!;
  node.params = { ...node.params, ...p };
};

const OUTPUTS = ['labels.nii.gz', 'overlay.png', 'report.json'];
/** Label volumes in mL are sums of counts times the voxel volume: the same on every host up to float rounding. */
const REPORT = { names: ['report.json'], tolerance: 1e-9 };

export const CASES: ConformanceCase[] = [
  {
    id: 'demo-phantom-48',
    pipeline: 'demo-tissue.json',
    needs: [],
    input: () => phantom(48),
    models: tissueClassifier,
    agree: { artifacts: OUTPUTS, labelMaps: ['labels.nii.gz'], json: REPORT, logitsTolerance: 1e-4 },
  },
  {
    // Crop/pad, tiling, per-tile inference and untiling on generated material: the phantom padded
    // to 48^3 and cut into eight 24^3 tiles, each classified by the demo model.
    id: 'demo-phantom-40-tiles',
    pipeline: 'brain-gwm-64tiles.json',
    edit: (g) => {
      params(g, 'crop', { size: [48, 48, 48], center: true });
      params(g, 'tile', { size: 24 });
      params(g, 'model', { model: { file: TISSUE_CLASSIFIER_FILE } });
    },
    needs: [],
    input: () => phantom(40),
    models: tissueClassifier,
    agree: { artifacts: OUTPUTS, labelMaps: ['labels.nii.gz'], json: REPORT, logitsTolerance: 1e-4 },
  },
  {
    // The corpus README's reference crop: whole T1 min-max normalised, [96,160)^3, brainchop 64^3.
    id: 't1-crop-64',
    pipeline: 'brain-gwm-64tiles.json',
    edit: (g) => params(g, 'crop', { size: [64, 64, 64], offset: [96, 96, 96] }),
    needs: ['models/t1_crop_256_uint8.nii.gz', 'models/brainchop_meshnet_gwm_64cube.onnx'],
    input: () => ({ format: 'nifti', files: [corpusFile('models/t1_crop_256_uint8.nii.gz')] }),
    models: () => [corpusFile('models/brainchop_meshnet_gwm_64cube.onnx')],
    agree: {
      artifacts: OUTPUTS, labelMaps: ['labels.nii.gz'], json: REPORT, logitsTolerance: 1e-4,
      knownCounts: { 'labels.nii.gz': { 0: 75224, 1: 109968, 2: 76952 } },
    },
  },
  {
    // A real DICOM series (3 CT slices, 512x512) read by input.dicom-series: on the server run
    // deps through the blob-file fast path, elsewhere from the bytes; plus a DICOM SEG of the
    // labels referencing that series. The demo model just labels intensity bands: what matters
    // is that every host reads the same volume and writes the same labels and SEG.
    id: 'ct-series-3slice',
    pipeline: 'demo-tissue.json',
    edit: (g) => {
      g.nodes.find((n) => n.id === 'input')!.kind = 'input.dicom-series';
      g.nodes.push({ id: 'seg', kind: 'output.dicom-seg', version: 1, params: {} });
      g.edges.push(
        { id: 'argmax-seg', source: { node: 'argmax', port: 'labels' }, target: { node: 'seg', port: 'labels' } },
        { id: 'input-seg', source: { node: 'input', port: 'series' }, target: { node: 'seg', port: 'series' } },
      );
    },
    needs: ['dicom/ct_series_seg/ct_01.dcm'],
    input: () => ({
      format: 'dicom',
      files: readdirSync(path.join(CORPUS, 'dicom/ct_series_seg')).filter((f) => /^ct_\d+\.dcm$/.test(f)).sort().map((f) => corpusFile(`dicom/ct_series_seg/${f}`)),
    }),
    models: tissueClassifier,
    agree: { artifacts: [...OUTPUTS, 'segmentation.dcm'], labelMaps: ['labels.nii.gz'], json: REPORT, logitsTolerance: 1e-4 },
  },
];

export function loadGraph(c: ConformanceCase): PipelineGraph {
  const g = PipelineGraphSchema.parse(JSON.parse(readFileSync(path.join(REPO, 'examples/pipelines', c.pipeline), 'utf8')));
  c.edit?.(g);
  return g;
}
