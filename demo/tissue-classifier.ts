import type { onnx as OnnxT } from 'onnx-proto';
import { onnx } from '../runtimes/core/onnx-proto';
import { TISSUES } from './tissues';

/**
 * Band width of every class: logit_k = -(s - c_k)^2 / WIDTH. Equal widths make argmax pick the
 * nearest centre; 0.01 keeps logits in a readable range (about -100..0).
 */
const WIDTH = 0.01;

/**
 * The smoothed input is (sum of 27 uint8 values) / (27 * 255): a grid of step 1/6885. Several
 * midpoints between two tissue centres sit exactly on (or half a step off) that grid, so some
 * voxels were exact ties that onnxruntime-node and -web (wasm) could round either way. Shifting
 * every centre by a quarter step keeps each midpoint a quarter step from any reachable value:
 * the argmax is decided by a margin far above float32 rounding on every runtime.
 */
const CENTRE_SHIFT = 0.25 / (27 * 255);
const FLOAT = 1; // TensorProto.DataType.FLOAT

function floatTensor(name: string, dims: number[], values: number[]): OnnxT.ITensorProto {
  // Explicit little-endian raw_data: identical bytes on every platform.
  const raw = new Uint8Array(values.length * 4);
  const dv = new DataView(raw.buffer);
  values.forEach((v, i) => dv.setFloat32(i * 4, v, true));
  return { name, dims, dataType: FLOAT, rawData: raw };
}

function valueInfo(name: string, dims: (number | string)[]): OnnxT.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

const ints = (name: string, values: number[]): OnnxT.IAttributeProto => ({ name, type: 7, ints: values }); // INTS
const int = (name: string, value: number): OnnxT.IAttributeProto => ({ name, type: 2, i: value }); // INT

/**
 * The demo model: an intensity-band tissue classifier written directly as an ONNX graph.
 * input `input` [1,1,z,y,x] (min-max normalised) -> 3x3x3 mean smoothing (Conv, pads 1)
 * -> features [s^2, s] (Mul, Concat on channels) -> 1x1x1 Conv giving 5 logits per voxel:
 * logit_k = -(s - c_k)^2 / w = (-1/w) s^2 + (2 c_k / w) s - c_k^2 / w, with c_k the phantom's
 * normalised tissue intensity. Classes: 0 background, 1 CSF, 2 grey, 3 white matter, 4 skull/scalp.
 * Opset 17, IR 8. Deterministic: the same bytes on every call.
 */
export function buildTissueClassifier(): Uint8Array {
  const centres = TISSUES.map((t) => t.intensity / 255 + CENTRE_SHIFT);
  const weights = centres.flatMap((c) => [-1 / WIDTH, (2 * c) / WIDTH]); // [5, 2, 1, 1, 1]
  const bias = centres.map((c) => -(c * c) / WIDTH);
  const graph: OnnxT.IGraphProto = {
    name: 'tissue_classifier',
    input: [valueInfo('input', [1, 1, 'z', 'y', 'x'])],
    output: [valueInfo('output', [1, TISSUES.length, 'z', 'y', 'x'])],
    initializer: [
      floatTensor('smooth_w', [1, 1, 3, 3, 3], new Array(27).fill(1 / 27)),
      floatTensor('band_w', [TISSUES.length, 2, 1, 1, 1], weights),
      floatTensor('band_b', [TISSUES.length], bias),
    ],
    node: [
      {
        name: 'smooth', opType: 'Conv', input: ['input', 'smooth_w'], output: ['smoothed'],
        attribute: [ints('kernel_shape', [3, 3, 3]), ints('pads', [1, 1, 1, 1, 1, 1])],
      },
      { name: 'square', opType: 'Mul', input: ['smoothed', 'smoothed'], output: ['squared'] },
      { name: 'features', opType: 'Concat', input: ['squared', 'smoothed'], output: ['features'], attribute: [int('axis', 1)] },
      {
        name: 'bands', opType: 'Conv', input: ['features', 'band_w', 'band_b'], output: ['output'],
        attribute: [ints('kernel_shape', [1, 1, 1])],
      },
    ],
  };
  const model: OnnxT.IModelProto = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'imaging-pipeline-studio',
    producerVersion: 'demo-1',
    docString: 'Intensity-band tissue classifier for the synthetic head phantom (demo material).',
    graph,
  };
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();
}

export const TISSUE_CLASSIFIER_FILE = 'demo-tissue-classifier.onnx';
