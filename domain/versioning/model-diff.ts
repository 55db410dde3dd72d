import type { PipelineGraph } from '../graph/schema';
import type { ModelSignature, TensorInfo } from '../models/signature';
import { canonicalJson } from './canonical';
import { modelRefsOf } from './pins';

/** What the diff shows of one model: its hash and what decides compatibility (opsets, tensors). */
export interface ModelFacts {
  sha256: string;
  name: string | null;
  opsets: Record<string, number> | null;
  inputs: TensorInfo[] | null;
  outputs: TensorInfo[] | null;
}

export interface ModelChange {
  nodeId: string;
  param: string;
  /** null: the node (or its model param) does not exist on that side. */
  from: ModelFacts | null;
  to: ModelFacts | null;
  /** Which facts differ: sha256 always when both sides exist; opset/inputs/outputs when signatures differ. */
  changed: ('sha256' | 'opset' | 'inputs' | 'outputs')[];
}

/** Signature and display name of a model by sha256 (the server backs it with the models table). */
export type ModelInfoLookup = (sha256: string) => { name: string; signature: ModelSignature } | undefined;

/**
 * Model references that differ between two graphs, matched by (node id, param). Facts come
 * from `lookup`; a model this instance does not hold shows its sha256 only (null facts).
 */
export function diffModels(a: PipelineGraph, b: PipelineGraph, lookup: ModelInfoLookup): ModelChange[] {
  const key = (r: { nodeId: string; param: string }) => `${r.nodeId}\u0000${r.param}`;
  const before = new Map(modelRefsOf(a).map((r) => [key(r), r]));
  const after = new Map(modelRefsOf(b).map((r) => [key(r), r]));
  const out: ModelChange[] = [];
  for (const k of [...new Set([...before.keys(), ...after.keys()])]) {
    const x = before.get(k);
    const y = after.get(k);
    if (x && y && x.sha256 === y.sha256) continue;
    const from = x ? facts(x.sha256, lookup) : null;
    const to = y ? facts(y.sha256, lookup) : null;
    const ref = (x ?? y)!;
    out.push({ nodeId: ref.nodeId, param: ref.param, from, to, changed: from && to ? changedFacts(from, to) : [] });
  }
  return out;
}

function facts(sha256: string, lookup: ModelInfoLookup): ModelFacts {
  const m = lookup(sha256);
  return { sha256, name: m?.name ?? null, opsets: m?.signature.opsets ?? null, inputs: m?.signature.inputs ?? null, outputs: m?.signature.outputs ?? null };
}

function changedFacts(a: ModelFacts, b: ModelFacts): ModelChange['changed'] {
  const differs = (x: unknown, y: unknown) => x !== null && y !== null && canonicalJson(x) !== canonicalJson(y);
  const out: ModelChange['changed'] = ['sha256'];
  if (differs(a.opsets, b.opsets)) out.push('opset');
  if (differs(a.inputs, b.inputs)) out.push('inputs');
  if (differs(a.outputs, b.outputs)) out.push('outputs');
  return out;
}
