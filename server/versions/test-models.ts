import { onnx } from '../../runtimes/core/onnx-proto';

/**
 * A model to swap in for the demo tissue classifier in versioning tests: same input
 * [1,1,z,y,x], a different signature (one output channel instead of five) and opset 18
 * instead of 17; Identity, so it runs anywhere.
 */
export function buildSwapModel(): Uint8Array {
  const dims = [{ dimValue: 1 }, { dimValue: 1 }, { dimParam: 'z' }, { dimParam: 'y' }, { dimParam: 'x' }];
  const info = (name: string) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: dims } } } });
  const model = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 18 }],
    producerName: 'studio-tests',
    graph: { name: 'swap', input: [info('input')], output: [info('output')], node: [{ opType: 'Identity', input: ['input'], output: ['output'] }] },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();
}
