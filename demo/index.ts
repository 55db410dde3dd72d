// The project's own demo material, generated (never downloaded): a synthetic head phantom and
// an intensity-band tissue classifier built as an ONNX graph. Both are deterministic.
export { makeHeadPhantom, phantomGeometry, type HeadPhantom } from './phantom';
export { writeDemoScan } from './scan';
export { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from './tissue-classifier';
export { TISSUES, TISSUE_LABELS } from './tissues';
