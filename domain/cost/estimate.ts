import type { PipelineGraph } from '../graph/schema';
import { planExecution } from '../graph/plan';
import { nodeModelRefs } from '../models/refs';
import { defaultParams, specOf, type AnyNodeSpec } from '../nodes/catalogue';
import type { Calibration } from './calibration';
import { bytes, GB, prod, volume, type InputInfo, type ModelGraphs, type MovedBytes, type NodeWork, type Val } from './node-cost';
import { peakMemory, type MemoryStep, type PeakMemory } from './peak-memory';
import { priceUsage, sumUsage, type Price, type Rates, type Usage } from './pricing';

/**
 * Cost estimate of a run from the pipeline graph, the input's header and the model graphs: a
 * fold of the node specs' cost models (`NodeSpec.cost`, domain/cost/node-cost.ts) over the plan.
 * - a kernel measured on this machine (its spec has a calibration sample and the calibration a
 *   figure for it): its bytes moved (`kernelBytes`) x its CPU per byte (kernelCpuSecondsPerGB)
 *   replace the spec's CPU figure;
 * - a kind without a cost model (or unknown): one pass per costWeight over inputs and output.
 * Memory is the process floor (baseline RSS) plus the node's inputs and outputs, held for the
 * node's estimated wall time (the same definition the meter measures: process RSS x wall).
 */
export interface NodeEstimate {
  nodeId: string;
  kind: string;
  flops: number;
  bytesMoved: number;
  usage: Usage;
  wallSeconds: number;
  price: Price;
  /** Why the figure is rougher than usual (unknown op shapes, unknown model...). */
  notes: string[];
}

export interface RunEstimate {
  nodes: NodeEstimate[];
  /** Largest memory the run holds at once, beyond the process floor (peak-memory.ts). */
  peakMemory: PeakMemory;
  total: { usage: Usage; wallSeconds: number; price: Price; flops: number };
  rates: Rates;
  calibratedAt: string;
}

export interface EstimateArgs {
  graph: PipelineGraph;
  input: InputInfo;
  models: ModelGraphs;
  calibration: Calibration;
  rates: Rates;
}

export function estimateRun(a: EstimateArgs): RunEstimate {
  const plan = planExecution(a.graph);
  const steps = 'steps' in plan ? plan.steps : [];
  const values = new Map<string, Record<string, Val>>();
  const c = a.calibration;
  const nodes: NodeEstimate[] = [];
  const memory: MemoryStep[] = [];
  for (const step of steps) {
    const node = a.graph.nodes.find((n) => n.id === step.nodeId)!;
    const ins: Record<string, Val> = {};
    for (const [port, src] of Object.entries(step.bindings)) {
      const v = values.get(src.node)?.[src.port];
      if (v) ins[port] = v;
    }
    const spec = specOf(node);
    const r = estimateNode(spec, node, ins, a);
    values.set(node.id, r.outputs);
    const inBytes = Object.values(ins).reduce((s, v) => s + bytes(v), 0);
    const outBytes = Object.values(r.outputs).reduce((s, v) => s + bytes(v), 0);
    // A kernel measured on this machine: its CPU per byte moved replaces the costWeight model.
    const measured = spec?.calibration ? c.kernelCpuSecondsPerGB?.[node.kind] : undefined;
    if (spec && measured !== undefined) {
      const sp = Object.values(ins)[0]?.spatial ?? a.input.dims;
      const moved = kernelBytes(spec, { inBytes, outBytes, fileBytes: a.input.fileBytes, spatial: sp });
      r.cpuSeconds = (moved / GB) * measured;
      r.bytesMoved = moved;
    }
    memory.push({ nodeId: node.id, outputBytes: outBytes, reads: [...new Set(Object.values(step.bindings).map((b) => b.node))], workingBytes: workingBytes(spec, r, a.input) });
    const wallSeconds = r.wallSeconds ?? r.cpuSeconds;
    const held = c.baselineRssBytes + inBytes + outBytes + (r.extraMemory ?? 0);
    const usage: Usage = { cpuSeconds: r.cpuSeconds, byteSeconds: held * wallSeconds, storedBytes: r.storedBytes ?? 0 };
    nodes.push({
      nodeId: node.id,
      kind: node.kind,
      flops: r.flops ?? 0,
      bytesMoved: r.bytesMoved ?? inBytes + outBytes,
      usage,
      wallSeconds,
      price: priceUsage(usage, a.rates),
      notes: r.notes ?? [],
    });
  }
  const usage = sumUsage(nodes.map((n) => n.usage));
  // Sum of node prices (each rounded once), so per-node figures add up to the total shown.
  const price = nodes.reduce<Price>(
    (p, n) => ({
      cpuNano: p.cpuNano + n.price.cpuNano,
      memoryNano: p.memoryNano + n.price.memoryNano,
      storageNano: p.storageNano + n.price.storageNano,
      downloadNano: p.downloadNano + n.price.downloadNano,
      totalNano: p.totalNano + n.price.totalNano,
    }),
    { cpuNano: 0, memoryNano: 0, storageNano: 0, downloadNano: 0, totalNano: 0 },
  );
  return {
    nodes,
    peakMemory: peakMemory(memory),
    total: { usage, price, wallSeconds: nodes.reduce((s, n) => s + n.wallSeconds, 0), flops: nodes.reduce((s, n) => s + n.flops, 0) },
    rates: a.rates,
    calibratedAt: c.measuredAt,
  };
}

/**
 * Bytes a kernel is charged as moving (the unit of calibration.kernelCpuSecondsPerGB, used the
 * same way when calibrating): the spec's `movedBytes`, by default inputs + outputs, + the file
 * for input nodes.
 */
export function kernelBytes(spec: AnyNodeSpec, b: MovedBytes): number {
  if (spec.cost?.movedBytes) return spec.cost.movedBytes(b);
  return b.inBytes + b.outBytes + (spec.category === 'input' ? b.fileBytes : 0);
}

/**
 * Working set besides inputs and outputs: a model's activations; an input node holds the file's
 * bytes and the decoded voxels as stored (the volume may be a further copy: scaling, byte swap).
 */
function workingBytes(spec: AnyNodeSpec | undefined, r: NodeWork, input: InputInfo): number {
  const reader = spec?.category === 'input' ? input.fileBytes + prod(input.dims) * input.bytesPerVoxel : 0;
  return reader + (r.extraMemory ?? 0);
}

function estimateNode(spec: AnyNodeSpec | undefined, node: PipelineGraph['nodes'][number], ins: Record<string, Val>, a: EstimateArgs): NodeWork {
  const w = spec?.costWeight ?? 1;
  const pass = (b: number) => ((b * w) / GB) * a.calibration.jsCpuSecondsPerGB;
  const first = Object.values(ins)[0];
  const inBytes = Object.values(ins).reduce((s, v) => s + bytes(v), 0);
  if (spec?.cost) {
    const params = defaultParams(spec, node.params ?? {});
    const model = () => {
      const [site] = nodeModelRefs(node);
      return site && a.models(site.ref);
    };
    return spec.cost.work({ params, ins, first, inBytes, input: a.input, calibration: a.calibration, pass, model });
  }
  const out = first ? { ...first } : volume(a.input.dims, 4);
  return { outputs: { out }, cpuSeconds: pass(inBytes + bytes(out)), notes: [`no cost model for ${node.kind}: one pass per costWeight`] };
}
