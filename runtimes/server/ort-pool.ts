import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RuntimeError } from '../core/errors';
import type { WorkerReply, WorkerRequest, WorkerRequestBody } from './protocol';
import { workerPath } from './worker-path';

export interface OrtPoolOptions {
  /** Inference threads (each holds its own session cache). Default 1: ORT already uses every core. */
  size?: number;
  /** ORT intra-op threads per session. Default os.availableParallelism(). */
  intraOpNumThreads?: number;
  /** ORT execution providers in order of preference (default ['cpu']; a GPU worker: ['cuda', 'cpu']). */
  executionProviders?: string[];
  /** Explicit path of ort-worker.mjs (bundlers that move this module elsewhere). */
  workerPath?: string;
}

/** ort-worker.mjs, next to this file (worker-path.ts); `explicit` for bundlers that move this module elsewhere. */
export const resolveWorkerPath = (explicit?: string): string => workerPath('ort-worker.mjs', explicit);

interface Job {
  msg: WorkerRequest;
  transfer: ArrayBuffer[];
  resolve(r: WorkerReply): void;
  reject(e: Error): void;
  /** The caller gave up (abort/dispose): its reply, when it comes, is dropped. */
  cancelled?: boolean;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  /** Model hashes this thread has a session for: jobs prefer the thread that has theirs. */
  models: Set<string>;
  /** Called when the thread finishes its current job or dies. */
  onIdle?: () => void;
}

/** A fixed set of inference threads; one job per thread at a time, FIFO queue. */
export class OrtPool {
  readonly workerPath: string;
  readonly intraOpNumThreads: number;
  readonly executionProviders: string[];
  private readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private disposed = false;
  /** Counters for tests and the bench; lastRunMs = session.run time inside the worker. */
  readonly stats = { sessionsCreated: 0, runs: 0, workersStarted: 0, workerCrashes: 0, lastRunMs: 0 };

  constructor(opts: OrtPoolOptions = {}) {
    this.workerPath = resolveWorkerPath(opts.workerPath);
    this.size = Math.max(1, opts.size ?? 1);
    this.intraOpNumThreads = Math.max(1, opts.intraOpNumThreads ?? availableParallelism());
    this.executionProviders = opts.executionProviders ?? ['cpu'];
  }

  call(msg: WorkerRequestBody, transfer: ArrayBuffer[], signal?: AbortSignal): Promise<WorkerReply> {
    if (this.disposed) return Promise.reject(new RuntimeError('RUNTIME_UNAVAILABLE', 'the inference runtime was disposed'));
    if (signal?.aborted) return Promise.reject(new RuntimeError('CANCELLED', 'inference cancelled'));
    return new Promise<WorkerReply>((resolve, reject) => {
      const onAbort = () => this.cancel(job);
      const settle = () => signal?.removeEventListener('abort', onAbort); // long-lived signals must not pile up listeners
      const job: Job = {
        msg: { ...msg, id: this.nextId++ } as WorkerRequest,
        transfer,
        resolve: (r) => (settle(), resolve(r)),
        reject: (e) => (settle(), reject(e)),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  /**
   * Ends every thread. Terminating a thread while ORT runs in it aborts the whole process
   * (native "terminate called after throwing Napi::Error"), so busy threads are allowed to
   * finish their current run first; their callers are rejected right away.
   */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.reject(new RuntimeError('CANCELLED', 'the inference runtime was disposed'));
    const slots = this.slots.splice(0);
    await Promise.all(
      slots.map(async (s) => {
        if (s.job) {
          s.job.reject(new RuntimeError('CANCELLED', 'the inference runtime was disposed'));
          s.job.cancelled = true;
          await new Promise<void>((resolve) => (s.onIdle = resolve));
        }
        await s.worker.terminate();
      }),
    );
  }

  private pump(): void {
    while (this.queue.length && !this.disposed) {
      while (this.slots.length < this.size) this.slots.push(this.spawn());
      const free = this.slots.filter((s) => !s.job);
      if (!free.length) return;
      const job = this.queue.shift()!;
      const sha = 'sha256' in job.msg ? job.msg.sha256 : '';
      const slot = free.find((s) => s.models.has(sha)) ?? free[0];
      slot.job = job;
      slot.worker.ref();
      try {
        slot.worker.postMessage(job.msg, job.transfer);
      } catch {
        // A buffer that cannot be transferred (e.g. Node's Buffer pool): copy it instead.
        slot.worker.postMessage(job.msg);
      }
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerPath, { workerData: { intraOpNumThreads: this.intraOpNumThreads, executionProviders: this.executionProviders } });
    this.stats.workersStarted++;
    const slot: Slot = { worker, job: null, models: new Set() };
    worker.unref(); // an idle pool must not keep a CLI process alive
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.job;
      if (!job || job.msg.id !== reply.id) return;
      slot.job = null;
      worker.unref();
      if (reply.ok) {
        this.stats.runs++;
        this.stats.lastRunMs = reply.ms;
        if ('sha256' in job.msg) slot.models.add(job.msg.sha256);
        if (reply.sessionCreated) this.stats.sessionsCreated++;
      }
      if (!job.cancelled) job.resolve(reply);
      slot.onIdle?.();
      this.pump();
    });
    const died = (why: string) => this.replace(slot, new RuntimeError('INFERENCE_FAILED', `inference worker died: ${why}`));
    worker.on('error', (e) => died(e.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    return slot;
  }

  /** A thread died (crash, OOM, exit): fail its job (transient) and start a fresh one if work waits. */
  private replace(slot: Slot, error: RuntimeError): void {
    slot.onIdle?.();
    const i = this.slots.indexOf(slot);
    if (i < 0) return; // already gone ('error' is followed by 'exit'; dispose removes slots first)
    this.slots.splice(i, 1);
    this.stats.workerCrashes++;
    const job = slot.job;
    slot.job = null;
    if (job && !job.cancelled) job.reject(error);
    this.pump();
  }

  /**
   * ORT cannot interrupt a running session.run, and terminating its thread aborts the process:
   * a running job is only detached (the thread finishes it and the reply is dropped).
   */
  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    else if (!this.slots.some((s) => s.job === job)) return; // already settled
    job.cancelled = true;
    job.reject(new RuntimeError('CANCELLED', 'inference cancelled'));
  }
}
