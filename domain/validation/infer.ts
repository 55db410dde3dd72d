import type { PipelineGraph } from '../graph/schema';
import type { ModelLookup } from '../models/signature';
import type { PortSpec, ScanFormat } from '../nodes/spec';
import type { Dtype, PortType } from '../ports';
import type { ResolvedNode } from './resolve';

export interface NodeTypes {
  /** What each input port accepts: declared, refined by `inferInputs` (e.g. a model's shape). */
  accepts: Record<string, PortType>;
  /** What actually arrives at each connected input port (upstream inferred output). */
  inputs: Record<string, PortType | undefined>;
  /** Output types: declared, refined by `inferOutputs`. */
  outputs: Record<string, PortType>;
}

/** What is known of a run's scan before it runs (from its header): the input nodes' volume. */
export interface ScanFacts {
  format: ScanFormat;
  /** Unknown when the header could not be read (the input node reports why at run time). */
  dims?: [number, number, number];
  dtype?: Dtype;
}

const declared = (ports: PortSpec[]) => Object.fromEntries(ports.map((p) => [p.id, p.type]));

/**
 * Propagates types downstream (each node after its inputs, memoised). Inside a cycle the
 * node being revisited contributes its declared outputs, so inference terminates and stays
 * deterministic; the cycle itself is reported by the validator. Nodes whose params do not
 * parse keep their declared types.
 */
export function inferTypes(graph: PipelineGraph, resolved: Map<string, ResolvedNode>, models: ModelLookup, scan?: ScanFacts): Map<string, NodeTypes> {
  const memo = new Map<string, NodeTypes>();
  const visiting = new Set<string>();
  // The first edge into each input port (as `edges.find` would pick), built once: no scan per port.
  const feeding = new Map<string, PipelineGraph['edges'][number]>();
  for (const e of graph.edges) {
    const key = `${e.target.node}\u0000${e.target.port}`;
    if (!feeding.has(key)) feeding.set(key, e);
  }

  const finish = (id: string, r: ResolvedNode, inputs: Record<string, PortType | undefined>) => {
    const params = r.params;
    memo.set(id, {
      accepts: { ...declared(r.spec.inputs), ...(params !== undefined && r.spec.inferInputs?.({ params, models })) },
      inputs,
      outputs: {
        ...declared(r.spec.outputs),
        ...(params !== undefined && r.spec.inferOutputs?.({ params, inputs, models })),
        // A known scan: input nodes put out its volume (shape [x, y, z], dtype when known).
        ...(scan?.dims && r.spec.category === 'input' && { volume: { kind: 'volume', shape: scan.dims, ...(scan.dtype && { dtype: scan.dtype }) } }),
      },
    });
    visiting.delete(id);
  };

  // Depth-first over upstream nodes with an explicit stack (a long chain must not overflow the
  // JS stack): a frame resumes at the input port whose upstream node it was waiting for.
  type Frame = { id: string; r: ResolvedNode; port: number; inputs: Record<string, PortType | undefined> };
  for (const [rootId, rootR] of resolved) {
    if (memo.has(rootId)) continue;
    const frames: Frame[] = [{ id: rootId, r: rootR, port: 0, inputs: {} }];
    visiting.add(rootId);
    while (frames.length) {
      const f = frames[frames.length - 1];
      if (f.port >= f.r.spec.inputs.length) {
        frames.pop();
        finish(f.id, f.r, f.inputs);
        continue;
      }
      const port = f.r.spec.inputs[f.port];
      const edge = feeding.get(`${f.id}\u0000${port.id}`);
      const src = edge && resolved.get(edge.source.node);
      if (edge && src && !visiting.has(edge.source.node) && !memo.has(edge.source.node)) {
        visiting.add(edge.source.node);
        frames.push({ id: edge.source.node, r: src, port: 0, inputs: {} });
        continue;
      }
      const outs = !edge || !src ? undefined : visiting.has(edge.source.node) ? declared(src.spec.outputs) : memo.get(edge.source.node)!.outputs;
      // hasOwn: a port id such as "constructor" must not resolve to an Object.prototype member.
      if (edge && outs && Object.hasOwn(outs, edge.source.port)) f.inputs[port.id] = outs[edge.source.port];
      f.port++;
    }
  }
  return memo;
}
