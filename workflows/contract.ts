import type { PipelineGraph } from '../domain/graph/schema';
import type { ModelRef } from '../domain/models/signature';
import type { InferenceRuntime, ModelHandle } from '../runtimes/core/inference';
import type { KernelLookup, NodeResult } from '../runtimes/core/interpreter';
import type { Artifact, KernelContext, RunInput } from '../runtimes/core/kernel';
import type { NodeUsage } from './meter';

import type { NodeStatus, RunStatus } from '../domain/runs/status';
export type { NodeStatus, RunStatus };
export type ExecutorName = 'embedded' | 'temporal';

export interface RunError {
  code: string;
  message: string;
}

/**
 * Reference to an intermediate value stored in the blob store (value-codec bytes). Inside a
 * Temporal chain a value only the next node reads may be handed over in memory and never
 * stored: its ref then has an empty `sha256` (workflows/activities.ts).
 */
export interface ValueRef {
  sha256: string;
  size: number;
  type: string;
}

export interface StartArgs {
  runId: string;
  graph: PipelineGraph;
  input: RunInput;
  /** The published version run and its models' hashes, recorded in DICOM outputs (absent: an ad-hoc run). */
  provenance?: Provenance;
  /** Execution provider the run asks for its model nodes (`cuda`, ...); Temporal routes them to workers serving it. */
  accelerator?: string;
}

export type Provenance = NonNullable<KernelContext['provenance']>;

export interface RunResult {
  runId: string;
  status: RunStatus;
  nodes: NodeResult[];
  artifacts: Artifact[];
  error: RunError | null;
}

export interface Executor {
  readonly name: ExecutorName;
  /** Starts the run and returns once it is accepted (the run keeps going in the background). */
  start(args: StartArgs): Promise<void>;
  /** Resolves when the run has ended, whatever its status (never rejects for a failed run). */
  wait(runId: string): Promise<RunResult>;
  cancel(runId: string): Promise<void>;
  /** The lease this executor's runs are written with (in-process executors; Temporal runs are durable and have none). */
  readonly lease?: { owner: string; seconds: number };
  /**
   * Shutdown: lets runs in flight finish for up to `graceMs`, then marks the rest INTERRUPTED
   * (reservation released, webhook enqueued) and stops working on them. Returns the ids marked.
   */
  drain?(graceMs: number): Promise<string[]>;
}

export interface RunStatusExtra {
  error?: RunError | null;
  artifacts?: Artifact[];
}

/** A node row as the recorder stored it (what idempotent activities need to know). */
export interface RecordedNode {
  status: NodeStatus;
  ms: number | null;
  artifacts: Artifact[];
  outputRefs: Record<string, ValueRef> | null;
  attempts: number;
}

/**
 * How executors write run progress into the database (one row per run and node). Kept minimal;
 * server/runs/recorder.ts implements it over the database. Every method is idempotent on
 * (runId, nodeId) so a retried activity never creates a second row.
 */
export interface RunRecorder {
  /** Marks the node running and counts an attempt; throws RunEndedError when the run has ended (and LeaseLostError for a leased recorder that lost it). */
  nodeStarted(runId: string, nodeId: string, kind: string): Promise<void>;
  nodeProgress(runId: string, nodeId: string, fraction: number): Promise<void>;
  nodeFinished(
    runId: string,
    nodeId: string,
    result: { ms: number; artifacts: Artifact[]; outputRefs: Record<string, ValueRef> | null; usage?: NodeUsage },
  ): Promise<void>;
  nodeFailed(runId: string, nodeId: string, error: RunError): Promise<void>;
  /** Run state; `artifacts` (every node's, in plan order) is stored with the final status. */
  runStatus(runId: string, status: RunStatus, extra?: RunStatusExtra): Promise<void>;
  getNode(runId: string, nodeId: string): Promise<RecordedNode | undefined>;
}

/** Content-addressed storage as executors need it (a BlobStore of server/blobs/store.ts). */
export interface RunBlobs {
  putBytes(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  read(sha256: string): Promise<Uint8Array>;
  /** Where the blob's file lies on disk, when the store keeps blobs as local files (LocalBlobStore; not S3). */
  path?(sha256: string): string;
}

/**
 * The lease an in-process run holds while this process works on it (runs.lease_owner /
 * lease_expires_at). Without it, a process that dies leaves its runs `running` forever.
 */
export interface RunLease {
  /** hostname:pid:random of this process. */
  readonly owner: string;
  readonly seconds: number;
  /** Extends the lease; false when this process no longer holds it (the run was swept or has ended). */
  renew(runId: string): Promise<boolean>;
  /** Marks runs of this owner still queued/running failed with INTERRUPTED (shutdown). Returns those marked. */
  interrupt(runIds: string[], message: string): Promise<string[]>;
  /** The recorder whose writes apply only while this process holds the run's lease (else LeaseLostError). */
  recorder: RunRecorder;
}

/** Everything a run needs from the process that executes it (composition root builds it). */
export interface RunDeps {
  recorder: RunRecorder;
  /** Set for in-process execution on a database (composition root); absent: runs are written without a lease. */
  lease?: RunLease;
  blobs: RunBlobs;
  kernels: KernelLookup;
  inference: InferenceRuntime;
  resolveModel(ref: ModelRef): Promise<ModelHandle>;
}

/** Thrown by `nodeStarted` when the run has already ended (cancelled while a chain was between two nodes): no node of it starts. */
export class RunEndedError extends Error {
  constructor(readonly runId: string, readonly status: string) {
    super(`run ${runId} has already ended (${status}): no further node starts`);
    this.name = 'RunEndedError';
  }
}

/** Thrown by a leased recorder once this process no longer holds the run (swept, or ended elsewhere). */
export class LeaseLostError extends Error {
  constructor(readonly runId: string) {
    super(`run ${runId}: this process no longer holds its lease (it was interrupted)`);
    this.name = 'LeaseLostError';
  }
}
