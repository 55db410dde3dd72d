import { z } from 'zod';

/** Stable ids: names are labels only. Ids are short slugs so they read well in URLs and logs. */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids are 1-64 chars of A-Z a-z 0-9 _ -');

export const NodeInstanceSchema = z.object({
  id: Id,
  /** Node kind, e.g. `model.onnx`; together with `version` it pins the spec (`kind@version`). */
  kind: z.string().min(1),
  version: z.number().int().positive(),
  label: z.string().max(120).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
});

export const PortRefSchema = z.object({ node: Id, port: z.string().min(1) });

export const EdgeSchema = z.object({ id: Id, source: PortRefSchema, target: PortRefSchema });

export const PipelineGraphSchema = z.object({
  schema: z.literal('studio.pipeline/v1'),
  name: z.string().min(1).max(200),
  description: z.string().max(4000).default(''),
  nodes: z.array(NodeInstanceSchema),
  edges: z.array(EdgeSchema),
});

export type NodeInstance = z.infer<typeof NodeInstanceSchema>;
export type PortRef = z.infer<typeof PortRefSchema>;
export type Edge = z.infer<typeof EdgeSchema>;
export type PipelineGraph = z.infer<typeof PipelineGraphSchema>;

export const nodeRef = (n: { kind: string; version: number }) => `${n.kind}@${n.version}`;
