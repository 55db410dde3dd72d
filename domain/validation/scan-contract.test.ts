import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PipelineGraphSchema, type PipelineGraph } from '../graph/schema';
import { acceptedFormats, scanIssues, type ScanFacts } from './scan-contract';
import type { ModelLookup } from '../models/signature';
import { fakeModels } from './test-graphs';
import { validateGraph } from './validate';

const example = (name: string): PipelineGraph =>
  PipelineGraphSchema.parse(JSON.parse(readFileSync(new URL(`../../examples/pipelines/${name}`, import.meta.url), 'utf8')));

/** The brain example as it was before conform: the scan goes straight into the 256^3 model. */
function withoutConform(): PipelineGraph {
  const g = example('brain-gwm-256.json');
  const nodes = g.nodes.filter((n) => n.id !== 'conform').map((n) => (n.id === 'input' ? { ...n, kind: 'input.nifti' } : n));
  const edges = g.edges.filter((e) => e.target.node !== 'conform' && e.source.node !== 'conform' && e.target.node !== 'seg');
  edges.push({ id: 'in-norm', source: { node: 'input', port: 'volume' }, target: { node: 'normalize', port: 'volume' } });
  return { ...g, nodes: nodes.filter((n) => n.id !== 'seg'), edges };
}

describe('scanIssues (the preflight)', () => {
  const odd: ScanFacts = { format: 'nifti', dims: [197, 233, 189], dtype: 'int16' };

  it('lets a scan of any shape through a pipeline that conforms it', () => {
    const g = example('brain-gwm-256.json');
    expect(acceptedFormats(g)).toEqual(['nifti', 'dicom']);
    expect(scanIssues(g, fakeModels, odd)).toEqual([]);
    expect(scanIssues(g, fakeModels, { format: 'dicom', dims: [512, 512, 120] })).toEqual([]);
  });

  it('refuses, in words, a shape the fixed-size model cannot take', () => {
    const g = withoutConform();
    expect(scanIssues(g, fakeModels, { format: 'nifti', dims: [256, 256, 256] })).toEqual([]);
    const issues = scanIssues(g, fakeModels, odd);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'scan-mismatch',
        nodeId: 'model',
        message: 'the scan (a NIfTI file of 197x233x189 voxels (int16)) does not fit: model input "input" expects [1,1,256,256,256] but receives [1,1,189,233,197]',
      }),
    ]);
  });

  it('with an unreadable header (no dims) checks the format only', () => {
    expect(scanIssues(withoutConform(), fakeModels, { format: 'nifti' })).toEqual([]);
    expect(scanIssues(withoutConform(), fakeModels, { format: 'dicom' })[0]).toMatchObject({ code: 'scan-mismatch', message: 'this pipeline reads one NIfTI-1 file (.nii or .nii.gz); the scan is a DICOM series' });
  });

  it('refuses a format the input node does not read, naming what it reads', () => {
    const issues = scanIssues(withoutConform(), fakeModels, { format: 'dicom', dims: [512, 512, 40] });
    expect(issues).toEqual([
      expect.objectContaining({ code: 'scan-mismatch', nodeId: 'input', message: 'this pipeline reads one NIfTI-1 file (.nii or .nii.gz); the scan is a DICOM series of 512x512x40 voxels' }),
    ]);
  });
});

describe('model contracts (metadata) in validation', () => {
  const contracted: ModelLookup = (ref) => {
    const s = fakeModels(ref);
    return s && { ...s, contract: { orientation: 'LIA', shape: [256, 256, 256], spacingMm: 1, preprocessing: 'conform to 256^3 1 mm' } };
  };
  it('warns when nothing upstream conforms the scan to the orientation the model expects', () => {
    expect(validateGraph(example('brain-gwm-256.json'), contracted)).toEqual([]);
    const issues = validateGraph(withoutConform(), contracted);
    expect(issues).toEqual([expect.objectContaining({ code: 'model-contract', severity: 'warning', nodeId: 'model', message: expect.stringContaining('expects scans in LIA orientation on a 256x256x256 grid of 1 mm') })]);
    expect(validateGraph(withoutConform(), fakeModels)).toEqual([]); // no contract, no warning
  });
});
