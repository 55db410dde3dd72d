// Hardware optimisation of fp32 ONNX models: fp16 storage, int8 (static QDQ or weight-only), and
// the measurement that reports size, latency and Dice against the fp32 model. Node-only
// (calibration and measurement run onnxruntime-node); the graph transforms themselves are pure.
export { calibrate, type Feed, type Sample } from './calibrate';
export { dicePerLabel, labelCounts, labelMap } from './dice';
export { assertInt8CanBeFaster, MAX_INT8_PADDING_COST, paddingCost, type PaddingCost } from './feasibility';
export { toFp16 } from './fp16';
export { measureVariant, type VariantReport } from './measure';
export { calibrationTensors, toInt8, type Calibration, type Int8Options, type Int8Result } from './quantize';
export { volumeFeeds } from './samples';
export { optimiseModel, VARIANT_KINDS, type Variant, type VariantKind } from './variant';
