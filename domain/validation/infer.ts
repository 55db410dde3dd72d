import type { PipelineGraph } from '../graph/schema';
import type { ModelLookup } from '../models/signature';
import type { PortSpec } from '../nodes/spec';
import type { PortType } from '../ports';
import type { ResolvedNode } from './resolve';

export interface NodeTypes {
  /** What each input port accepts: declared, refined by `inferInputs` (e.g. a model's shape). */
  accepts: Record<string, PortType>;
  /** What actually arrives at each connected input port (upstream inferred output). */
  inputs: Record<string, PortType | undefined>;
  /** Output types: declared, refined by `inferOutputs`. */
  outputs: Record<string, PortType>;
}

const declared = (ports: PortSpec[]) => Object.fromEntries(ports.map((p) => [p.id, p.type]));

/**
 * Propagates types downstream (each node after its inputs, memoised). Inside a cycle the
 * node being revisited contributes its declared outputs, so inference terminates and stays
 * deterministic; the cycle itself is reported by the validator. Nodes whose params do not
 * parse keep their declared types.
 */
export function inferTypes(graph: PipelineGraph, resolved: Map<string, ResolvedNode>, models: ModelLookup): Map<string, NodeTypes> {
  const memo = new Map<string, NodeTypes>();
  const visiting = new Set<string>();

  const outputsOf = (id: string): Record<string, PortType> | undefined => {
    const r = resolved.get(id);
    if (!r) return undefined;
    return visiting.has(id) ? declared(r.spec.outputs) : typesOf(id, r).outputs;
  };

  const typesOf = (id: string, r: ResolvedNode): NodeTypes => {
    const hit = memo.get(id);
    if (hit) return hit;
    visiting.add(id);
    const inputs: Record<string, PortType | undefined> = {};
    for (const port of r.spec.inputs) {
      const edge = graph.edges.find((e) => e.target.node === id && e.target.port === port.id);
      const outs = edge && outputsOf(edge.source.node);
      // hasOwn: a port id such as "constructor" must not resolve to an Object.prototype member.
      if (outs && Object.hasOwn(outs, edge.source.port)) inputs[port.id] = outs[edge.source.port];
    }
    const params = r.params;
    const types: NodeTypes = {
      accepts: { ...declared(r.spec.inputs), ...(params !== undefined && r.spec.inferInputs?.({ params, models })) },
      inputs,
      outputs: { ...declared(r.spec.outputs), ...(params !== undefined && r.spec.inferOutputs?.({ params, inputs, models })) },
    };
    visiting.delete(id);
    memo.set(id, types);
    return types;
  };

  for (const [id, r] of resolved) typesOf(id, r);
  return memo;
}
