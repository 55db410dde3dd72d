import type { PipelineGraph } from '../graph/schema';
import type { ModelContract } from '../models/contract';
import type { ModelLookup } from '../models/signature';
import { modelRefs } from '../models/refs';
import type { Change } from './diff';

/**
 * What a published version was built against, recorded beside its graph (not in its content
 * hash: the hash names the pipeline content; pins name the software that executed it).
 * `nodes` and `models` are derived from the graph; `runtimes` are package versions.
 */
export interface VersionPins {
  /** Sorted distinct `kind@version` of the graph's nodes. */
  nodes: string[];
  /** Sorted distinct model sha256s the graph references (any param holding a {sha256} ref). */
  models: string[];
  /** Package -> exact version (onnxruntime-node, onnxruntime-web, the studio itself). */
  runtimes: Record<string, string>;
  /** Model sha256 -> its input contract as the publishing workspace saw it (file or edited); absent for models without one. */
  contracts?: Record<string, ModelContract>;
}

/** The contracts of the graph's pinned models, as `lookup` gives them (sorted by sha256). */
export function contractPins(graph: PipelineGraph, lookup: ModelLookup): Record<string, ModelContract> {
  const out: [string, ModelContract][] = [];
  for (const sha256 of [...new Set(modelRefsOf(graph).map((r) => r.sha256))].sort()) {
    const contract = lookup({ sha256 })?.contract;
    if (contract) out.push([sha256, contract]);
  }
  return Object.fromEntries(out);
}

/** Every `{sha256}` model ref in the graph (domain/models/refs.ts finds them). */
export function modelRefsOf(graph: PipelineGraph): { nodeId: string; param: string; sha256: string }[] {
  return modelRefs(graph).flatMap(({ nodeId, param, ref }) => ('sha256' in ref ? [{ nodeId, param, sha256: ref.sha256 }] : []));
}

export function graphPins(graph: PipelineGraph, runtimes: Record<string, string>): VersionPins {
  const sorted = (xs: string[]) => [...new Set(xs)].sort();
  return {
    nodes: sorted(graph.nodes.map((n) => `${n.kind}@${n.version}`)),
    models: sorted(modelRefsOf(graph).map((r) => r.sha256)),
    runtimes: Object.fromEntries(Object.entries(runtimes).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

export interface PinsDiff {
  nodes: { added: string[]; removed: string[] };
  models: { added: string[]; removed: string[] };
  /** Packages whose version differs (absent on one side: null). */
  runtimes: ({ name: string } & Change<string | null>)[];
}

const EMPTY: VersionPins = { nodes: [], models: [], runtimes: {} };

/** Differences between two versions' pins; a version published before pins existed has `null`. */
export function diffPins(a: VersionPins | null, b: VersionPins | null): PinsDiff {
  const x = a ?? EMPTY;
  const y = b ?? EMPTY;
  const setDiff = (p: string[], q: string[]) => ({ added: q.filter((v) => !p.includes(v)), removed: p.filter((v) => !q.includes(v)) });
  const names = [...new Set([...Object.keys(x.runtimes), ...Object.keys(y.runtimes)])].sort();
  return {
    nodes: setDiff(x.nodes, y.nodes),
    models: setDiff(x.models, y.models),
    runtimes: names.filter((n) => x.runtimes[n] !== y.runtimes[n]).map((name) => ({ name, from: x.runtimes[name] ?? null, to: y.runtimes[name] ?? null })),
  };
}

export const isPinsDiffEmpty = (d: PinsDiff) =>
  !d.nodes.added.length && !d.nodes.removed.length && !d.models.added.length && !d.models.removed.length && !d.runtimes.length;
