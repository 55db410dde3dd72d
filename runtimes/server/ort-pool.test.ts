import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildTissueClassifier } from '../../demo/tissue-classifier';
import { OrtPool, resolveWorkerPath } from './ort-pool';

const dir = mkdtempSync(path.join(tmpdir(), 'ort-pool-'));
const modelPath = path.join(dir, 'demo.onnx');
writeFileSync(modelPath, buildTissueClassifier());
const pool = new OrtPool({ intraOpNumThreads: 1 });
afterAll(async () => {
  await pool.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const feed = () => {
  const data = new Float32Array(64);
  return { feeds: { input: { dims: [1, 1, 4, 4, 4], buffer: data.buffer, byteOffset: 0, length: 64 } }, transfer: [data.buffer] };
};
const run = () => {
  const { feeds, transfer } = feed();
  return pool.call({ type: 'run', sha256: 'a'.repeat(64), path: modelPath, feeds }, transfer);
};

describe('OrtPool', () => {
  it('finds ort-worker.mjs next to itself, and takes an explicit path', () => {
    expect(resolveWorkerPath()).toBe(path.join(import.meta.dirname, 'ort-worker.mjs'));
    expect(resolveWorkerPath(modelPath)).toBe(modelPath);
    expect(pool.intraOpNumThreads).toBe(1);
  });

  it('replaces a worker that dies and fails its call with a transient INFERENCE_FAILED', async () => {
    expect((await run()).ok).toBe(true); // warm: ORT loaded and a session cached in the thread
    const started = pool.stats.workersStarted;
    const err = await pool.call({ type: 'exit' }, []).catch((e) => e);
    expect(err.code).toBe('INFERENCE_FAILED');
    expect(err.user).toBe(false);
    expect(err.message).toMatch(/worker died/);
    expect(pool.stats.workerCrashes).toBe(1);
    const sessions = pool.stats.sessionsCreated;
    expect((await run()).ok).toBe(true);
    expect(pool.stats.workersStarted).toBe(started + 1);
    expect(pool.stats.sessionsCreated).toBe(sessions + 1); // the new thread loads the model again
  });

  it('queues calls beyond the pool size and answers each', async () => {
    const replies = await Promise.all([run(), run(), run()]);
    expect(replies.map((r) => r.ok)).toEqual([true, true, true]);
    expect(new Set(replies.map((r) => r.id)).size).toBe(3);
  });

  it('dispose during a run lets ORT finish (terminating it would abort the process) and rejects the caller', async () => {
    const other = new OrtPool({ intraOpNumThreads: 1 });
    const warm = await other.call({ type: 'run', sha256: 'a'.repeat(64), path: modelPath, feeds: feed().feeds }, []);
    expect(warm.ok).toBe(true);
    const data = new Float32Array(128 ** 3);
    const running = other.call(
      { type: 'run', sha256: 'a'.repeat(64), path: modelPath, feeds: { input: { dims: [1, 1, 128, 128, 128], buffer: data.buffer, byteOffset: 0, length: data.length } } },
      [data.buffer],
    ).catch((e) => e);
    // call() hands the job to the thread synchronously: the thread is busy from here on, whether
    // ORT has started on it yet or not; dispose must wait for the run either way.
    await other.dispose();
    expect(await running).toMatchObject({ code: 'CANCELLED' });
    expect(other.stats.runs).toBe(2); // the run completed inside the thread before it ended
  });

  it('refuses calls after dispose', async () => {
    const other = new OrtPool({ intraOpNumThreads: 1 });
    await other.dispose();
    await expect(other.call({ type: 'exit' }, [])).rejects.toMatchObject({ code: 'RUNTIME_UNAVAILABLE' });
  });
});
