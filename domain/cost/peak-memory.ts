/**
 * Peak memory of a run, estimated before it starts from the same shape inference as the cost
 * estimate. What it models is the embedded interpreter's lifetime rule (runtimes/core/interpreter):
 * nodes run one at a time in plan order; a node's outputs stay in memory until its last consumer
 * has run (outputs nobody reads are released after their own step, once written to the blob store).
 * While a node runs, memory holds every live value (its inputs among them), its outputs and its
 * working set (a reader's file bytes and inflated buffer, a model's activations). The peak is the
 * largest such sum over the plan. Not counted: the process floor (runtime, database client,
 * ORT sessions), shared by every run; copies a kernel makes beyond its declared working set.
 */
export interface MemoryStep {
  nodeId: string;
  /** Bytes of all the node's outputs. */
  outputBytes: number;
  /** Nodes whose outputs this node reads. */
  reads: readonly string[];
  /** Memory the node needs besides its inputs and outputs while it runs. */
  workingBytes: number;
}

export interface PeakMemory {
  peakBytes: number;
  /** The node running when the peak is reached ('' for an empty plan). */
  atNodeId: string;
}

export function peakMemory(steps: readonly MemoryStep[]): PeakMemory {
  const lastRead = new Map<string, number>();
  steps.forEach((s, i) => s.reads.forEach((src) => lastRead.set(src, i)));
  const live = new Map<string, number>();
  let held = 0;
  let peak: PeakMemory = { peakBytes: 0, atNodeId: '' };
  steps.forEach((s, i) => {
    const running = held + s.outputBytes + s.workingBytes;
    if (running > peak.peakBytes) peak = { peakBytes: running, atNodeId: s.nodeId };
    live.set(s.nodeId, s.outputBytes);
    held += s.outputBytes;
    for (const [id, bytes] of live) {
      if ((lastRead.get(id) ?? i) <= i) {
        live.delete(id);
        held -= bytes;
      }
    }
  });
  return peak;
}
