export { writeSeg, SEGMENTATION_STORAGE, type SegWriteOptions } from './write';
export { writeSecondaryCaptures, SECONDARY_CAPTURE_IMAGE_STORAGE, NOT_FOR_DIAGNOSTIC_USE, type ScImage, type ScWriteOptions } from './secondary-capture';
export { sourceMatcher } from './plan';
export { readSeg, type SegObject, type SegSegment, type SegFrame } from './read';
export { segGeometry, segLabelsOn, segMasksOn, segToLabelMap } from './place';
export { sourceModules } from '../dicom/source-modules';
export { TISSUE, type Code } from './codes';
export type { SegmentDescription } from './plan';
