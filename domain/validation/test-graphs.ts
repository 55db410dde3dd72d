import type { PipelineGraph } from '../graph/schema';
import type { ModelLookup, ModelSignature, TensorInfo } from '../models/signature';
import type { Dim } from '../ports';

/** Small graph builders and a fake model registry shared by the domain tests. */

type NodeArg = [id: string, kind: string, params?: Record<string, unknown>, version?: number];
type EdgeArg = `${string}.${string}>${string}.${string}`;

/** `graph([['a','input.nifti']], ['a.volume>b.volume'])`: edge ids are e0, e1... */
export function graph(nodes: NodeArg[], edges: EdgeArg[]): PipelineGraph {
  return {
    schema: 'studio.pipeline/v1',
    name: 'test',
    description: '',
    nodes: nodes.map(([id, kind, params = {}, version = 1]) => ({ id, kind, version, params })),
    edges: edges.map((e, i) => {
      const [s, t] = e.split('>');
      const [sn, sp] = s.split('.');
      const [tn, tp] = t.split('.');
      return { id: `e${i}`, source: { node: sn, port: sp }, target: { node: tn, port: tp } };
    }),
  };
}

const tensor = (name: string, shape: Dim[], symbols?: (string | null)[]): TensorInfo => ({ name, dtype: 'float32', shape, symbols });

export function signature(input: TensorInfo, output: TensorInfo, seed: string): ModelSignature {
  return {
    sha256: seed.repeat(64).slice(0, 64),
    inputs: [input],
    outputs: [output],
    irVersion: 8,
    opsets: { '': 17 },
    operators: ['Conv', 'Relu'],
    sizeBytes: 1000,
  };
}

/** Realistic signatures of the real models (shapes as read from the files) and of the demo model. */
export const realSignatures: Record<string, ModelSignature> = {
  'brainchop_meshnet_gwm_64cube.onnx': signature(
    tensor('input', [null, 1, 64, 64, 64], ['batch_size', null, null, null, null]),
    tensor('output', [null, 3, 64, 64, 64], ['batch_size', null, null, null, null]),
    'a',
  ),
  'niivue_meshnet_gwm_256.onnx': signature(tensor('input', [1, 1, 256, 256, 256]), tensor('output', [1, 3, 256, 256, 256]), 'b'),
  'demo-tissue-classifier.onnx': signature(
    tensor('input', [1, 1, null, null, null], [null, null, 'z', 'y', 'x']),
    tensor('output', [1, 5, null, null, null], [null, null, 'z', 'y', 'x']),
    'c',
  ),
};

export const fakeModels: ModelLookup = (ref) =>
  'file' in ref ? realSignatures[ref.file] : Object.values(realSignatures).find((s) => s.sha256 === ref.sha256);

export const noModels: ModelLookup = () => undefined;

/** input -> normalize x (n-1): a chain, the deepest shape a graph walk can meet. */
export function chainGraph(n: number, cycle = false): PipelineGraph {
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, kind: i ? 'pre.normalize' : 'input.nifti', version: 1, params: i ? { method: 'min-max' } : {} }));
  const edges = nodes.slice(1).map((_, i) => ({ id: `e${i}`, source: { node: `n${i}`, port: 'volume' }, target: { node: `n${i + 1}`, port: 'volume' } }));
  if (cycle) edges.push({ id: 'back', source: { node: `n${n - 1}`, port: 'volume' }, target: { node: 'n1', port: 'volume' } });
  return { schema: 'studio.pipeline/v1', name: 'chain', description: '', nodes, edges };
}
