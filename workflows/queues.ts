/**
 * Task queues by target. Every worker serves the run queue (TEMPORAL_TASK_QUEUE) with its CPU;
 * a worker started with another execution provider (STUDIO_WORKER_EP=cuda, ...) serves
 * `<queue>-<ep>` instead, and the model nodes of a run that asks for that accelerator are sent
 * there, as long as some worker polls it. Pure (the workflow sandbox imports it).
 */
export const MODEL_NODE_KINDS: readonly string[] = ['model.onnx'];

/** The queue a worker with execution provider `ep` polls. */
export function workerQueue(base: string, ep: string): string {
  return ep === 'cpu' ? base : `${base}-${ep}`;
}

export type ModelRouting =
  | { queue: string; reason: 'cpu' }
  | { queue: string; reason: 'accelerator'; accelerator: string }
  | { queue: string; reason: 'no-worker'; accelerator: string };

/**
 * Where a run's model nodes go: the accelerator's queue when the run asks for one and a worker
 * polls it (`pollers` > 0), else the run queue (the run still completes, on CPU; callers log why).
 */
export function modelRouting(base: string, accelerator: string | undefined, pollers: number): ModelRouting {
  if (!accelerator || accelerator === 'cpu') return { queue: base, reason: 'cpu' };
  if (pollers > 0) return { queue: workerQueue(base, accelerator), reason: 'accelerator', accelerator };
  return { queue: base, reason: 'no-worker', accelerator };
}

/** The queue of one node: model nodes follow `modelQueue` when set, every other node the run's queue. */
export function nodeQueue(kind: string, modelQueue: string | undefined): string | undefined {
  return modelQueue && MODEL_NODE_KINDS.includes(kind) ? modelQueue : undefined;
}
