import type { PipelineGraph } from '../../domain/graph/schema';
import { nodeModelRefs } from '../../domain/models/refs';
import type { ModelLookup, ModelSignature } from '../../domain/models/signature';
import { lookupSpec } from '../../domain/nodes/catalogue';
import { ALL_TARGETS, type Target } from '../../domain/nodes/spec';
import cpu from './ops/cpu.json';
import rules from './ops/targets.json';
import webgpu from './ops/webgpu.json';

/** [first, last] opset of one kernel registration; last null = open-ended. */
type Range = [number, number | null];
interface OpTable {
  ops: Record<string, Record<string, Range[]>>;
}
interface TargetRule {
  runtime: string;
  ops: 'cpu' | 'webgpu';
  ioDtypes?: string[];
  rankLimits?: { op: string; maxRank: number; why: string }[];
}

const TABLES: Record<TargetRule['ops'], OpTable> = { cpu: cpu as unknown as OpTable, webgpu: webgpu as unknown as OpTable };
/** Highest opset per domain onnxruntime 1.30 knows (from the CPU kernel table; one ORT version for every target). */
const MAX_OPSET: Record<string, number> = cpu.maxOpset;
/** ORT only guarantees models stamped opset 7 or later. */
const MIN_GUARANTEED_OPSET = 7;

export interface Offence {
  /** Operator (domain-qualified as in ModelSignature.operators) or `opset:<domain>` / `io:<name>`. */
  operator: string;
  reason: string;
}

export interface TargetCompat {
  target: Target;
  runtime: string;
  supported: boolean;
  offending: Offence[];
  /** Not blocking: dynamic dims, old opsets. */
  warnings: string[];
}

/** `com.microsoft.FusedConv` -> [com.microsoft, FusedConv]; plain names are ai.onnx. */
function splitOp(op: string): [string, string] {
  const dot = op.lastIndexOf('.');
  return dot < 0 ? ['ai.onnx', op] : [op.slice(0, dot), op.slice(dot + 1)];
}

const within = (v: number, [a, b]: Range) => v >= a && (b === null || v <= b);
const fmt = (ranges: Range[]) => ranges.map(([a, b]) => (b === null ? `${a}+` : a === b ? `${a}` : `${a}-${b}`)).join(', ');

function checkOperator(op: string, sig: ModelSignature, table: OpTable, runtime: string): Offence | undefined {
  const [domain, name] = splitOp(op);
  if (domain === 'ai.onnx' && rules.graphLevel.includes(name)) return undefined;
  const ranges = table.ops[name]?.[domain];
  if (!ranges) return { operator: op, reason: `${runtime} has no kernel for ${op}` };
  const opset = sig.opsets[domain];
  if (opset !== undefined && !ranges.some((r) => within(opset, r))) {
    return { operator: op, reason: `${runtime} implements ${op} for opset ${fmt(ranges)}, the model uses ${domain} opset ${opset}` };
  }
  return undefined;
}

/**
 * Whether one model can run on one target, from its signature only (operators, opsets, I/O
 * dtypes and ranks). Rank limits are checked against the model's largest input rank: a 5-D
 * input means the convolutions are 3-D (the signature does not carry per-node shapes).
 */
export function checkTarget(sig: ModelSignature, target: Target): TargetCompat {
  const rule = (rules.targets as Record<Target, TargetRule>)[target];
  const offending: Offence[] = [];
  const warnings: string[] = [];
  for (const [domain, version] of Object.entries(sig.opsets)) {
    const max = MAX_OPSET[domain];
    if (max !== undefined && version > max) offending.push({ operator: `opset:${domain}`, reason: `${domain} opset ${version} is newer than ${rule.runtime} supports (${max})` });
    if (domain === 'ai.onnx' && version < MIN_GUARANTEED_OPSET) warnings.push(`ai.onnx opset ${version} is older than ${MIN_GUARANTEED_OPSET}, the oldest onnxruntime guarantees`);
  }
  for (const op of sig.operators) {
    const o = checkOperator(op, sig, TABLES[rule.ops], rule.runtime);
    if (o) offending.push(o);
  }
  const maxRank = Math.max(...sig.inputs.map((i) => i.shape.length));
  for (const limit of rule.rankLimits ?? []) {
    if (sig.operators.includes(limit.op) && maxRank > limit.maxRank) {
      offending.push({ operator: limit.op, reason: `${rule.runtime}: ${limit.why} (model input rank ${maxRank})` });
    }
  }
  for (const t of [...sig.inputs, ...sig.outputs]) {
    if (rule.ioDtypes && !rule.ioDtypes.includes(t.dtype)) offending.push({ operator: `io:${t.name}`, reason: `${rule.runtime} cannot take ${t.dtype} tensors (${t.name})` });
    const free = t.shape.flatMap((d, i) => (d === null ? [t.symbols?.[i] ?? `dim ${i}`] : []));
    if (free.length) warnings.push(`${t.name} has dynamic dims (${free.join(', ')}): sizes are checked at run time`);
  }
  return { target, runtime: rule.runtime, supported: offending.length === 0, offending, warnings };
}

/** The report the model page and the pipeline show: one entry per target. */
export function compatibilityReport(sig: ModelSignature, targets: Target[] = ALL_TARGETS): TargetCompat[] {
  return targets.map((t) => checkTarget(sig, t));
}

export interface GraphTargetOffence {
  target: Target;
  nodeId: string;
  /** What cannot run: operators of the node's model, or the node kind itself. */
  offending: Offence[];
}

/**
 * Which nodes of a pipeline cannot run on each requested target: node kinds whose spec does
 * not list the target, and models whose operators/opsets the target's runtime lacks. Publish
 * refuses a version for a target with any offence (the operators are named).
 */
export function graphTargetOffences(
  graph: PipelineGraph,
  signatureOf: ModelLookup,
  targets: Target[],
): GraphTargetOffence[] {
  const out: GraphTargetOffence[] = [];
  for (const target of targets) {
    for (const node of graph.nodes) {
      const found = lookupSpec(node.kind, node.version);
      if (found.ok && !found.spec.targets.includes(target)) {
        out.push({ target, nodeId: node.id, offending: [{ operator: `node:${node.kind}@${node.version}`, reason: `${node.kind}@${node.version} has no ${target} implementation` }] });
        continue;
      }
      for (const { ref } of nodeModelRefs(node)) {
        const sig = signatureOf(ref);
        if (!sig) continue; // the validator reports missing models
        const compat = checkTarget(sig, target);
        if (!compat.supported) out.push({ target, nodeId: node.id, offending: compat.offending });
      }
    }
  }
  return out;
}
