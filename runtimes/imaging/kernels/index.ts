import type { Kernel } from '../../core/kernel';
import { registerKernels } from '../../core/registry';
import { kernel as inputDicomSeries } from './input.dicom-series.kernel';
import { kernel as inputNifti } from './input.nifti.kernel';
import { kernel as inputScan } from './input.scan.kernel';
import { kernel as modelOnnx } from './model.onnx.kernel';
import { kernel as outputNiftiLabels } from './output.nifti-labels.kernel';
import { kernel as outputDicomSc } from './output.dicom-sc.kernel';
import { kernel as outputDicomSeg } from './output.dicom-seg.kernel';
import { kernel as outputOverlayPng } from './output.overlay-png.kernel';
import { kernel as outputReportJson } from './output.report-json.kernel';
import { kernel as postArgmax } from './post.argmax.kernel';
import { kernel as postLabelVolumes } from './post.label-volumes.kernel';
import { kernel as postThreshold } from './post.threshold.kernel';
import { kernel as postSigmoid } from './post.sigmoid.kernel';
import { kernel as postSoftmax } from './post.softmax.kernel';
import { kernel as postComponents } from './post.components.kernel';
import { kernel as postMorphology } from './post.morphology.kernel';
import { kernel as postToInputGrid } from './post.to-input-grid.kernel';
import { kernel as postUntile } from './post.untile.kernel';
import { kernel as preCropPad } from './pre.crop-pad.kernel';
import { kernel as preNormalize } from './pre.normalize.kernel';
import { kernel as preClipPercentile } from './pre.clip-percentile.kernel';
import { kernel as preConform } from './pre.conform.kernel';
import { kernel as preReorient } from './pre.reorient.kernel';
import { kernel as preResample } from './pre.resample.kernel';
import { kernel as preTile } from './pre.tile.kernel';

/**
 * Every imaging kernel, imported explicitly (no directory scanning: bundlers for the browser
 * and the Temporal worker see the same static list). Keyed by the spec's `kind@version`.
 */
export const imagingKernels: Kernel[] = [
  inputScan, inputNifti, inputDicomSeries,
  preConform, preNormalize, preClipPercentile, preReorient, preResample, preCropPad, preTile,
  modelOnnx,
  postUntile, postSoftmax, postSigmoid, postArgmax, postThreshold, postComponents, postMorphology, postToInputGrid, postLabelVolumes,
  outputNiftiLabels, outputDicomSeg, outputDicomSc, outputOverlayPng, outputReportJson,
];

// Registered on import: a host gets these through the registry's lookupKernel (its overrides, registered later, win).
registerKernels(imagingKernels);
