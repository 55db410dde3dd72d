import dcmjs from 'dcmjs';
import type { Geometry } from '../../core/values';
import { ARTIFICIAL_INTELLIGENCE, SEGMENTATION_DERIVATION, SOURCE_IMAGE_PURPOSE, codeItem } from './codes';
import { ds, item, type Dataset } from './part10';
import type { PlannedFrame, SegmentDescription } from './plan';

/** Tags used as dimension pointers (AT values). */
const IMAGE_POSITION_PATIENT = 0x00200032;
const PLANE_POSITION_SEQUENCE = 0x00209113;
const REFERENCED_SEGMENT_NUMBER = 0x0062000b;
const SEGMENT_IDENTIFICATION_SEQUENCE = 0x0062000a;

/**
 * Shared Functional Groups: the label map's plane orientation and pixel measures (the same for
 * every frame). IOP = the i and j axis directions; PixelSpacing = [row spacing (y), column
 * spacing (x)]; the slice spacing doubles as SliceThickness (a label voxel's extent).
 */
export function sharedGroups(g: Geometry): Dataset {
  const [sx, sy, sz] = g.spacing;
  return item(
    [0x00209116, 'SQ', [item([0x00200037, 'DS', g.direction.slice(0, 6).map(ds)])]],
    [0x00289110, 'SQ', [item([0x00180050, 'DS', ds(sz)], [0x00180088, 'DS', ds(sz)], [0x00280030, 'DS', [ds(sy), ds(sx)]])]],
  );
}

/** Per-frame Functional Groups: source image, dimension index values, plane position, segment. */
export function perFrameGroup(f: PlannedFrame): Dataset {
  const derivation: [number, string, Dataset[]][] = f.source
    ? [[0x00089124, 'SQ', [item(
        [0x00082112, 'SQ', [item(
          [0x00081150, 'UI', f.source.sopClassUid],
          [0x00081155, 'UI', f.source.sopInstanceUid],
          [0x0040a170, 'SQ', [codeItem(SOURCE_IMAGE_PURPOSE)]],
        )]],
        [0x00089215, 'SQ', [codeItem(SEGMENTATION_DERIVATION)]],
      )]]]
    : [[0x00089124, 'SQ', []]]; // type 2: present and empty when no source image lies in this plane
  return item(
    ...derivation,
    [0x00209111, 'SQ', [item([0x00209157, 'UL', [f.segmentNumber, f.positionIndex]])]],
    [PLANE_POSITION_SEQUENCE, 'SQ', [item([IMAGE_POSITION_PATIENT, 'DS', f.position.map(ds)])]],
    [SEGMENT_IDENTIFICATION_SEQUENCE, 'SQ', [item([REFERENCED_SEGMENT_NUMBER, 'US', f.segmentNumber])]],
  );
}

/** DimensionOrganizationSequence and DimensionIndexSequence: segment number, then position. */
export function dimensions(uid: string): [number, string, Dataset[]][] {
  const index = (pointer: number, group: number, label: string) =>
    item([0x00209164, 'UI', uid], [0x00209165, 'AT', pointer], [0x00209167, 'AT', group], [0x00209421, 'LO', label]);
  return [
    [0x00209221, 'SQ', [item([0x00209164, 'UI', uid])]],
    [0x00209222, 'SQ', [
      index(REFERENCED_SEGMENT_NUMBER, SEGMENT_IDENTIFICATION_SEQUENCE, 'ReferencedSegmentNumber'),
      index(IMAGE_POSITION_PATIENT, PLANE_POSITION_SEQUENCE, 'ImagePositionPatient'),
    ]],
  ];
}

export interface AlgorithmInfo {
  name: string;
  version: string;
  /** Free text recorded as AlgorithmParameters (LT), e.g. the model sha256. */
  parameters: string;
}

/** One SegmentSequence item (AUTOMATIC, with the Algorithm Identification macro). */
export function segmentItem(s: SegmentDescription, number: number, algorithm: AlgorithmInfo): Dataset {
  const lab = s.color ? dcmjs.data.Colors.rgb2DICOMLAB([s.color[0] / 255, s.color[1] / 255, s.color[2] / 255]) : undefined;
  return item(
    [0x00620003, 'SQ', [codeItem(s.category)]],
    [0x00620004, 'US', number],
    [0x00620005, 'LO', lo(s.label)],
    ...(s.description ? [[0x00620006, 'ST', s.description] as [number, string, string]] : []),
    [0x00620007, 'SQ', [item(
      [0x0066002f, 'SQ', [codeItem(ARTIFICIAL_INTELLIGENCE)]],
      [0x00660031, 'LO', lo(algorithm.version)],
      [0x00660032, 'LT', algorithm.parameters],
      [0x00660036, 'LO', lo(algorithm.name)],
    )]],
    [0x00620008, 'CS', 'AUTOMATIC'],
    [0x00620009, 'LO', lo(algorithm.name)],
    ...(lab ? [[0x0062000d, 'US', lab.map((v) => Math.min(65535, Math.max(0, Math.round(v))))] as [number, string, number[]]] : []),
    [0x0062000f, 'SQ', [codeItem(s.type)]],
  );
}

/** LO values hold at most 64 characters and no backslash (the value separator). */
export function lo(s: string): string {
  return s.replace(/\\/g, '/').slice(0, 64);
}
