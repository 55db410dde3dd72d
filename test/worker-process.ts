import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './material';

/**
 * `server/runs/worker-main.ts` in a child process (what `npm run worker` runs), so a test can kill it
 * with SIGKILL like a crashed machine. Resolves once the worker polls its task queue.
 */
export async function startWorkerProcess(env: Record<string, string>, opts: { timeoutMs?: number } = {}) {
  const child = spawn(process.execPath, ['--import', './cli/register.mjs', path.join('server', 'runs', 'worker-main.ts')], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start within ${opts.timeoutMs ?? 60_000} ms:\n${log}`)), opts.timeoutMs ?? 60_000);
    child.stderr!.on('data', (b: Buffer) => {
      log = (log + b.toString()).slice(-8_000);
      if (log.includes('[worker] polling')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before polling:\n${log}`));
    });
  });
  return {
    pid: child.pid!,
    /** Like a machine dying: no graceful shutdown, activities in flight are lost. */
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    /** SIGTERM without a SIGKILL fallback: resolves with the exit code once the worker has drained and exited. */
    terminate(): Promise<number | null> {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    log: () => log,
  };
}
