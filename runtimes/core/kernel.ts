import type { z } from 'zod';
import type { NodeInstance } from '../../domain/graph/schema';
import type { NodeSpec } from '../../domain/nodes/spec';
import type { ModelRef } from '../../domain/models/signature';
import type { InferenceRuntime, ModelHandle } from './inference';
import type { Value } from './values';

/** The scan a run reads: a NIfTI file, or the files of one DICOM series. Only refs, no voxels. */
export interface RunInput {
  format: 'nifti' | 'dicom';
  files: { sha256: string; name: string; size: number }[];
}

/** A file a node produced (NIfTI label map, PNG, JSON...), stored content-addressed. */
export interface Artifact {
  nodeId: string;
  name: string;
  mediaType: string;
  sha256: string;
  size: number;
  /** Voxel count per label value for label-map outputs, keyed by label (as a string). */
  labelCounts?: Record<string, number>;
}

export interface KernelContext {
  runId: string;
  nodeId: string;
  input: RunInput;
  readBlob(sha256: string): Promise<Uint8Array>;
  /**
   * Where the blob lies as a file on this host, when the host keeps blobs as files (the server's
   * blob store); undefined, or absent, elsewhere. Host kernels read big inputs from there
   * directly; the bytes are always available through readBlob.
   */
  blobPath?(sha256: string): string | undefined;
  /** Store an output file; returns its artifact record. */
  writeArtifact(file: { name: string; mediaType: string; bytes: Uint8Array; labelCounts?: Record<string, number> }): Promise<Artifact>;
  resolveModel(ref: ModelRef): Promise<ModelHandle>;
  inference: InferenceRuntime;
  /** 0..1 progress of this node; implementations heartbeat with it. */
  progress(fraction: number, message?: string): void;
  signal?: AbortSignal;
  /**
   * What produced this run, for outputs that record it inside the file (DICOM SEG): the pinned
   * pipeline version (semver) and the sha256 of every model in the graph. Optional: absent in
   * ad-hoc runs and tests (writers then record "unversioned" / no model).
   */
  provenance?: { pipelineVersion: string; modelSha256s: string[] };
}

export interface KernelArgs<P = Record<string, unknown>> {
  node: NodeInstance;
  /** Params parsed by the node spec's zod schema (defaults applied). */
  params: P;
  inputs: Record<string, Value>;
  ctx: KernelContext;
}

/** The compute side of a node kind, keyed by the same `kind@version` as its spec. */
export interface Kernel<P = any> {
  kind: string;
  version: number;
  run(args: KernelArgs<P>): Promise<Record<string, Value>>;
}

/** The kernel of `spec`'s `kind@version`, its params typed by the spec's zod schema. */
export function defineKernel<S extends z.ZodType>(spec: NodeSpec<S>, run: Kernel<z.output<S>>['run']): Kernel<z.output<S>> {
  return { kind: spec.kind, version: spec.version, run };
}
