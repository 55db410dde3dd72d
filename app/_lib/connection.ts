import type { PipelineGraph } from '../../domain/graph/schema';
import type { ModelLookup, ModelSignature } from '../../domain/models/signature';
import { connectionCheck } from '../../domain/validation/validate';

export interface Candidate {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

/** ModelLookup over the registered models (models.list), as the server builds from its table. */
export function modelLookupFrom(models: { sha256: string; fileName?: string | null; signature: ModelSignature }[]): ModelLookup {
  return (ref) => ('sha256' in ref ? models.find((m) => m.sha256 === ref.sha256) : models.find((m) => m.fileName === ref.file))?.signature;
}

/**
 * Canvas `isValidConnection`: the domain's `connectionCheck` (the function the server's
 * validator uses, on inferred port types) for a candidate React Flow connection.
 */
export function checkConnection(graph: PipelineGraph, c: Candidate, models: ModelLookup): { ok: true } | { ok: false; message: string } {
  if (!c.sourceHandle || !c.targetHandle) return { ok: false, message: 'Connect a port to a port.' };
  if (c.source === c.target) return { ok: false, message: 'A node cannot feed itself.' };
  const v = connectionCheck(graph, { node: c.source, port: c.sourceHandle }, { node: c.target, port: c.targetHandle }, models);
  return v.ok ? v : { ok: false, message: v.message };
}
