import type { PipelineGraph } from '../domain/graph/schema';
import type { Artifact, RunInput } from '../runtimes/core/kernel';
import type { NodeResult } from '../runtimes/core/interpreter';
import type { Provenance, RunStatus, RunStatusExtra, ValueRef } from './contract';

/** Type-only module: shared by the workflow (sandboxed) and the activities. */
export interface PipelineWorkflowInput {
  runId: string;
  graph: PipelineGraph;
  input: RunInput;
  provenance?: Provenance;
  /** Liveness window of a node activity; tests shorten it so a killed worker is noticed fast. */
  heartbeatTimeoutMs?: number;
  /** The accelerator queue model nodes go to (workflows/queues.ts); unset: every node on the run's queue. */
  modelTaskQueue?: string;
  /** The nodes that go to `modelTaskQueue`: those whose spec is in the 'model' category (decided by the starter, outside the sandbox). */
  modelNodeIds?: string[];
}

export interface PipelineWorkflowResult {
  nodes: NodeResult[];
  artifacts: Artifact[];
}

export interface RunNodeArgs {
  runId: string;
  graph: PipelineGraph;
  nodeId: string;
  /** input port id -> stored upstream value (of a chain: its first node's inputs) */
  inputRefs: Record<string, ValueRef>;
  input: RunInput;
  provenance?: Provenance;
}

/** A chain of nodes (domain/graph/chains.ts) run in one activity; `inputRefs` feed its first node. */
export interface RunChainArgs extends Omit<RunNodeArgs, 'nodeId'> {
  nodeIds: string[];
  /** A chain starting from a source: it marks the run running before its first node. */
  markRunning?: boolean;
}

export interface NodeOutcome {
  nodeId: string;
  kind: string;
  ms: number;
  artifacts: Artifact[];
  /** output port id -> stored value */
  outputs: Record<string, ValueRef>;
  /** true when an earlier attempt had already finished the node (nothing was recomputed) */
  reused: boolean;
}

export interface Activities {
  runChain(args: RunChainArgs): Promise<NodeOutcome[]>;
  runNode(args: RunNodeArgs): Promise<NodeOutcome>;
  markRun(runId: string, status: RunStatus, extra?: RunStatusExtra): Promise<void>;
}
