import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../_trpc/trpc/root';

/** Shapes of procedure replies, derived from the server router type (no hand-written copies). */
export type Outputs = inferRouterOutputs<AppRouter>;
export type Inputs = inferRouterInputs<AppRouter>;

export type CatalogueEntry = Outputs['catalogue']['list'][number];
export type ModelInfo = Outputs['models']['list'][number];
export type ScanInfo = Outputs['scans']['list'][number];
export type PipelineSummary = Outputs['pipelines']['list'][number];
export type PipelineDetail = Outputs['pipelines']['get'];
export type RunDetail = Outputs['runs']['get'];
export type RunNode = RunDetail['nodes'][number];
export type RunArtifact = RunDetail['artifacts'][number];
