import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';

/**
 * A real Temporal dev server (the `temporal` CLI built with `go install`) on free loopback
 * ports: for integration tests, and for `studio run --executor temporal` when no
 * TEMPORAL_ADDRESS is configured. `TestWorkflowEnvironment.createLocal()` would download a
 * binary (no network here), so we start the CLI ourselves and talk to it with plain clients.
 */
export interface TemporalTestServer {
  address: string;
  namespace: string;
  stop(): Promise<void>;
}

/** `temporal` in $(go env GOPATH)/bin (where `go install` puts it), ~/go/bin, or on PATH. */
export function findTemporalCli(): string {
  const candidates: string[] = [];
  try {
    const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim();
    if (gopath) candidates.push(path.join(gopath, 'bin', 'temporal'));
  } catch {
    // no Go toolchain: try the usual places
  }
  candidates.push(path.join(os.homedir(), 'go', 'bin', 'temporal'));
  try {
    candidates.push(execFileSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' }).trim());
  } catch {
    // not on PATH
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new Error(
      `Temporal CLI binary "temporal" not found (looked in: ${[...new Set(candidates)].join(', ')} and PATH). ` +
        'Build it with: go install github.com/temporalio/cli/cmd/temporal@v1.5.1',
    );
  }
  return found;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(address: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with ${child.exitCode}:\n${log()}`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        // The frontend answers before the default namespace exists; wait for it too.
        await conn.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await conn.close();
      }
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`temporal dev server at ${address} not ready after ${timeoutMs} ms: ${String(last)}\n${log()}`);
}

export async function startTemporalServer(opts: { timeoutMs?: number } = {}): Promise<TemporalTestServer> {
  const cli = findTemporalCli();
  const [port, uiPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-temporal-'));
  const child = spawn(
    cli,
    ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort),
      '--db-filename', path.join(dir, 'temporal.db'), '--log-level', 'error',
      // A worker completing a workflow task gets the node activity it scheduled in the same reply
      // (eager dispatch) instead of through another poll: one server round trip less per node.
      '--dynamic-config-value', 'system.enableActivityEagerExecution=true'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (b: Buffer) => (output = (output + b.toString()).slice(-4_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(address, child, () => output, opts.timeoutMs ?? 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { address, namespace: 'default', stop };
}
