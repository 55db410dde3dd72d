import { describe, expect, it } from 'vitest';
import { modelRouting, nodeQueue, workerQueue } from './queues';

describe('task queues by target', () => {
  it('a CPU worker serves the run queue; another provider its own queue', () => {
    expect(workerQueue('studio-runs', 'cpu')).toBe('studio-runs');
    expect(workerQueue('studio-runs', 'cuda')).toBe('studio-runs-cuda');
  });

  it('sends model nodes to the accelerator queue only when the run asks and a worker polls it', () => {
    expect(modelRouting('q', undefined, 3)).toEqual({ queue: 'q', reason: 'cpu' });
    expect(modelRouting('q', 'cpu', 3)).toEqual({ queue: 'q', reason: 'cpu' });
    expect(modelRouting('q', 'cuda', 1)).toEqual({ queue: 'q-cuda', reason: 'accelerator', accelerator: 'cuda' });
    expect(modelRouting('q', 'cuda', 0)).toEqual({ queue: 'q', reason: 'no-worker', accelerator: 'cuda' });
  });

  it('routes only model nodes; the rest stay on the run queue', () => {
    expect(nodeQueue('model.onnx', 'q-cuda')).toBe('q-cuda');
    expect(nodeQueue('normalize.zscore', 'q-cuda')).toBeUndefined();
    expect(nodeQueue('model.onnx', undefined)).toBeUndefined();
  });
});
