import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from './orthanc';

/**
 * DCMTK's network tools as real DIMSE peers (Debian `dcmtk`): echoscu and storescu as callers,
 * storescp as a destination. Spawned asynchronously: a listener in the test's own process must
 * keep answering while they run (spawnSync would block its event loop).
 */
export interface ToolResult {
  status: number | null;
  output: string;
  /** storescu: the DIMSE status of each response, in file order (e.g. "Success", "Error: C000"). */
  responses: string[];
}

export function runTool(tool: string, args: string[], timeoutMs = 60_000): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      const responses = [...output.matchAll(/Received Store Response \(([^)]*)\)/g)].map((m) => m[1]);
      resolve({ status, output, responses });
    });
  });
}

/** storescu's option that proposes exactly this transfer syntax (so the file is sent as it is). */
export const STORESCU_PROPOSE: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2': '-xi',
  '1.2.840.10008.1.2.1': '-xe',
  '1.2.840.10008.1.2.2': '-xb',
  '1.2.840.10008.1.2.1.99': '-xd',
  '1.2.840.10008.1.2.4.50': '-xy',
  '1.2.840.10008.1.2.4.51': '-xx',
  '1.2.840.10008.1.2.4.70': '-xs',
  '1.2.840.10008.1.2.4.80': '-xt',
  '1.2.840.10008.1.2.4.81': '-xu',
  '1.2.840.10008.1.2.4.90': '-xv',
  '1.2.840.10008.1.2.4.91': '-xw',
  '1.2.840.10008.1.2.5': '-xr',
};

export interface Peer {
  port: number;
  aet: string;
  host?: string;
}

/** `storescu -v` from `callingAet` to the peer; extra args before the files (e.g. -R, -xt). */
export const storescu = (peer: Peer, files: string[], o: { callingAet?: string; args?: string[] } = {}) =>
  runTool('storescu', ['-v', ...(o.args ?? []), '-aet', o.callingAet ?? 'STORESCU', '-aec', peer.aet, peer.host ?? '127.0.0.1', String(peer.port), ...files]);

export const echoscu = (peer: Peer, callingAet = 'ECHOSCU') => runTool('echoscu', ['-v', '-aet', callingAet, '-aec', peer.aet, peer.host ?? '127.0.0.1', String(peer.port)]);

/** Whether something accepts TCP connections on 127.0.0.1:port now. */
const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

export interface StoreScp extends Peer {
  stop(): Promise<void>;
  log(): string;
}

/** DCMTK storescp on a free loopback port writing what it receives (as received, -B bit-preserving) to `dir`. */
export async function startStoreScp(dir: string, aet = 'STORESCP'): Promise<StoreScp> {
  const port = await freePort();
  const child: ChildProcess = spawn('storescp', ['-v', '-aet', aet, '--bit-preserving', '--unique-filenames', '-od', dir, '--accept-all', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`storescp did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    aet,
    log: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
