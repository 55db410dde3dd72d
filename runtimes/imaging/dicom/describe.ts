import type { ImageInfo } from './image-info';
import { imageInfo } from './image-info';
import { firstItem } from './lut';
import type { DataSet } from './parse';
import { CODECS } from './codecs/registry';
import { NATIVE_SYNTAXES, transferSyntaxName } from './transfer-syntax';

const str = (ds: DataSet | undefined, tag: string) => ds?.string(tag)?.trim() || undefined;
const nums = (ds: DataSet | undefined, tag: string) => {
  const v = str(ds, tag)?.split('\\').map(Number);
  return v && v.every(Number.isFinite) ? v : undefined;
};

/**
 * Key attributes of one DICOM file for `studio dicom info`: identity, transfer syntax, pixel
 * layout, rescale/window and geometry. Enhanced multi-frame files take geometry from the
 * shared and per-frame functional groups (PS3.3 C.7.6.16). Pixel attributes are absent (with
 * `pixelError`) for files without a usable image.
 */
export function describeDicom(ds: DataSet, name: string) {
  const ts = str(ds, 'x00020010') ?? '1.2.840.10008.1.2';
  let pixels: Omit<ImageInfo, 'element'> | undefined;
  let pixelError: { code: string; message: string } | undefined;
  try {
    const { element: _element, ...rest } = imageInfo(ds, name);
    pixels = rest;
  } catch (e) {
    pixelError = { code: (e as { code?: string }).code ?? 'DICOM_PARSE', message: (e as Error).message };
  }
  const shared = firstItem(ds, 'x52009229');
  const perFrame = ds.elements.x52009230?.items ?? [];
  const group = (item: DataSet | undefined, seq: string) => firstItem(item ?? ({ elements: {} } as DataSet), seq);
  const frameGeo = (f: DataSet | undefined) => group(f, 'x00209113') ?? group(shared, 'x00209113');
  return {
    file: name,
    transferSyntax: { uid: ts, name: transferSyntaxName(ts), encapsulated: !NATIVE_SYNTAXES[ts], lossy: CODECS[ts]?.lossy ?? false, decodable: !!(NATIVE_SYNTAXES[ts] || CODECS[ts]) },
    sopClassUid: str(ds, 'x00080016') ?? str(ds, 'x00020002'),
    sopInstanceUid: str(ds, 'x00080018') ?? str(ds, 'x00020003'),
    studyInstanceUid: str(ds, 'x0020000d'),
    seriesInstanceUid: str(ds, 'x0020000e'),
    modality: str(ds, 'x00080060'),
    instanceNumber: nums(ds, 'x00200013')?.[0],
    ...(pixels ? { image: pixels } : { pixelError }),
    rescale: { slope: nums(ds, 'x00281053')?.[0] ?? 1, intercept: nums(ds, 'x00281052')?.[0] ?? 0, type: str(ds, 'x00281054') },
    modalityLutSequence: !!ds.elements.x00283000,
    window: { center: nums(ds, 'x00281050'), width: nums(ds, 'x00281051'), voiLutSequence: !!ds.elements.x00283010 },
    geometry: {
      frameOfReferenceUid: str(ds, 'x00200052'),
      imagePositionPatient: nums(ds, 'x00200032') ?? nums(frameGeo(perFrame[0]?.dataSet), 'x00200032'),
      imageOrientationPatient: nums(ds, 'x00200037') ?? nums(group(perFrame[0]?.dataSet, 'x00209116') ?? group(shared, 'x00209116'), 'x00200037'),
      pixelSpacing: nums(ds, 'x00280030') ?? nums(group(perFrame[0]?.dataSet, 'x00289110') ?? group(shared, 'x00289110'), 'x00280030'),
      sliceThickness: nums(ds, 'x00180050')?.[0] ?? nums(group(perFrame[0]?.dataSet, 'x00289110') ?? group(shared, 'x00289110'), 'x00180050')?.[0],
      spacingBetweenSlices: nums(ds, 'x00180088')?.[0],
      framePositions: perFrame.length ? perFrame.map((f) => nums(frameGeo(f.dataSet), 'x00200032') ?? null) : undefined,
    },
  };
}
