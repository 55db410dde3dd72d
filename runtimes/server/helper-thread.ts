import { Worker } from 'node:worker_threads';
import { workerPath } from './worker-path';

/**
 * One helper thread running a worker script of runtimes/server (slice-worker.mjs,
 * resample-worker.mjs): each request is posted with an id, and the script answers `{ id }` when
 * done (`{ id, result }` for a thread whose answer is data: `Answer`) or `{ id, error }`. Started on first use; it holds the process open only while busy; a
 * lost thread fails its pending requests and the next request starts a new one.
 */
export class HelperThread<Request extends object, Answer = void> {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, { resolve: (answer: Answer) => void; reject: (e: Error) => void }>();

  /** `file`: the script, next to this file; `name`: the thread in error messages. */
  constructor(private readonly file: string, private readonly name: string) {}

  run(request: Request): Promise<Answer> {
    const worker = this.start();
    const id = this.next++;
    return new Promise<Answer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, ...request });
    });
  }

  /** Ends the thread (pending requests fail). */
  async stop(): Promise<void> {
    await this.worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // Plain .mjs with node: imports only: none of the parent's loaders (--import: tsx), which would
    // only slow its start.
    const worker = new Worker(workerPath(this.file), { execArgv: [] });
    worker.on('message', (m: { id: number; error?: string; result?: Answer }) => {
      const job = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.error !== undefined) job?.reject(new Error(`${this.name}: ${m.error}`));
      else job?.resolve(m.result as Answer);
    });
    const fail = (e: Error) => {
      if (this.worker === worker) this.worker = null; // the next request starts a new thread
      for (const job of this.pending.values()) job.reject(e);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`${this.name} exited (${code})`)));
    worker.unref();
    return (this.worker = worker);
  }
}
