import { describe, expect, it } from 'vitest';
import { defaultLabelMapping, parseLabelMapping } from './mapping';
import { pairDatasetFiles } from './pairing';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return { code: (e as { code?: string }).code, details: (e as { details?: Record<string, unknown> }).details };
  }
  return undefined;
};

describe('dataset pairing by file name', () => {
  it('nnU-Net / MSD: imagesTr/<case>_0000 with labelsTr/<case>, dataset.json and hidden files left out', () => {
    const p = pairDatasetFiles(['Task09/dataset.json', 'Task09/imagesTr/spleen_2_0000.nii.gz', 'Task09/labelsTr/spleen_2.nii.gz', 'Task09/imagesTr/spleen_10_0000.nii.gz', 'Task09/labelsTr/spleen_10.nii.gz', 'Task09/.DS_Store']);
    expect(p.dicom).toEqual([]);
    expect(p.nifti).toEqual([
      { key: 'spleen_10', image: 'Task09/imagesTr/spleen_10_0000.nii.gz', reference: 'Task09/labelsTr/spleen_10.nii.gz' },
      { key: 'spleen_2', image: 'Task09/imagesTr/spleen_2_0000.nii.gz', reference: 'Task09/labelsTr/spleen_2.nii.gz' },
    ]);
  });

  it('images/<case> with labels/<case> (.nii or .nii.gz), and side by side with each suffix', () => {
    const p = pairDatasetFiles(['images/a.nii', 'labels/a.nii.gz', 'b.nii.gz', 'b_seg.nii.gz', 'c.nii', 'c_label.nii', 'd.nii.gz', 'd_labels.nii.gz', 'x/e.nii.gz', 'x/e_MASK.nii.gz']);
    expect(p.nifti.map((c) => [c.key, c.image, c.reference])).toEqual([
      ['a', 'images/a.nii', 'labels/a.nii.gz'],
      ['b', 'b.nii.gz', 'b_seg.nii.gz'],
      ['c', 'c.nii', 'c_label.nii'],
      ['d', 'd.nii.gz', 'd_labels.nii.gz'],
      ['x/e', 'x/e.nii.gz', 'x/e_MASK.nii.gz'],
    ]);
  });

  it('DICOM: one case per folder, keys below the common top folder', () => {
    const p = pairDatasetFiles(['set/liver/1.dcm', 'set/liver/2.dcm', 'set/liver/seg.dcm', 'set/tiny/a', 'set/tiny/DICOMDIR']);
    expect(p.nifti).toEqual([]);
    expect(p.dicom).toEqual([
      { key: 'liver', files: ['set/liver/1.dcm', 'set/liver/2.dcm', 'set/liver/seg.dcm'] },
      { key: 'tiny', files: ['set/tiny/a'] },
    ]);
  });

  it('unpaired files refuse the upload, listed', () => {
    expect(code(() => pairDatasetFiles(['imagesTr/a_0000.nii.gz', 'labelsTr/a.nii.gz', 'imagesTr/b_0000.nii.gz', 'labelsTr/c.nii.gz', 'imagesTr/d_0001.nii.gz']))).toEqual({
      code: 'DATASET_UNPAIRED',
      details: { files: ['imagesTr/b_0000.nii.gz', 'imagesTr/d_0001.nii.gz', 'labelsTr/c.nii.gz'], count: 3 },
    });
    expect(code(() => pairDatasetFiles(['a.nii.gz', 'b_seg.nii.gz']))?.details).toEqual({ files: ['a.nii.gz', 'b_seg.nii.gz'], count: 2 });
    expect(code(() => pairDatasetFiles(['dataset.json']))?.code).toBe('EMPTY_UPLOAD');
  });
});

describe('label mapping', () => {
  it('parses, sorts and names labels; identity default over non-zero values present', () => {
    expect(parseLabelMapping('{"entries":[{"reference":6,"label":1},{"reference":2,"label":1}],"names":{"1":"liver"}}')).toEqual({
      entries: [{ reference: 2, label: 1 }, { reference: 6, label: 1 }],
      names: { '1': 'liver' },
    });
    expect(defaultLabelMapping([0, 2, 1, 2])).toEqual({ entries: [{ reference: 1, label: 1 }, { reference: 2, label: 2 }], names: { '1': 'label 1', '2': 'label 2' } });
  });

  it.each([
    ['not json', '{'],
    ['duplicate reference', '{"entries":[{"reference":1,"label":1},{"reference":1,"label":2}]}'],
    ['negative', '{"entries":[{"reference":-1,"label":1}]}'],
    ['over 65535', '{"entries":[{"reference":1,"label":65536}]}'],
    ['not an integer', '{"entries":[{"reference":1.5,"label":1}]}'],
    ['empty', '{"entries":[]}'],
    ['unknown key', '{"entries":[{"reference":1,"label":1}],"colours":{}}'],
    ['too many entries', JSON.stringify({ entries: Array.from({ length: 257 }, (_, i) => ({ reference: i, label: 1 })) })],
  ])('refuses %s with DATASET_MAPPING_INVALID', (_, json) => {
    expect(code(() => parseLabelMapping(json))?.code).toBe('DATASET_MAPPING_INVALID');
  });

  it('an all-background upload has no default mapping', () => {
    expect(code(() => defaultLabelMapping([0]))?.code).toBe('DATASET_MAPPING_INVALID');
  });
});
