import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A private Orthanc PACS for integration tests: the Debian `orthanc` binary with the
 * `orthanc-dicomweb` plugin, on free loopback ports, with its index and storage in a temp dir
 * (never the system service or its database). Stop it with `stop()`.
 */
export interface OrthancServer {
  /** REST + DICOMweb base, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  dicomPort: number;
  aet: string;
  /** Everything Orthanc logged (stdout + stderr) so far. */
  log(): string;
  stop(): Promise<void>;
}

/** A DICOM peer in Orthanc's DicomModalities (the studio's listener, say). */
export interface OrthancModality {
  aet: string;
  host: string;
  port: number;
}

const onPath = (name: string, extra: string[] = []) =>
  [...extra, ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, name))].find((p) => p && existsSync(p));

/**
 * The Orthanc server binary: $ORTHANC_BINARY when set (and only if it exists), else Debian's
 * /usr/sbin/Orthanc (often not on a user's PATH) or `Orthanc` on PATH.
 */
export function orthancBinary(): string | undefined {
  const chosen = process.env.ORTHANC_BINARY;
  if (chosen) return existsSync(chosen) ? chosen : undefined;
  return onPath('Orthanc', ['/usr/sbin/Orthanc']);
}

/** The DICOMweb plugin library, as listed by `dpkg -L orthanc-dicomweb` (else the Debian path). */
export function dicomWebPlugin(): string | undefined {
  const listed = spawnSync('dpkg', ['-L', 'orthanc-dicomweb'], { encoding: 'utf8' });
  const files = listed.status === 0 ? listed.stdout.split('\n').map((l) => l.trim()) : [];
  const libs = files.filter((f) => /libOrthancDicomWeb\.so(\.\d+)*$/.test(f) && existsSync(f));
  // The unversioned name under /usr/share/orthanc/plugins is the one Debian's service loads.
  return libs.sort((a, b) => a.length - b.length)[0] ?? ['/usr/share/orthanc/plugins/libOrthancDicomWeb.so'].find((f) => existsSync(f));
}

/** Why an Orthanc test cannot run here (missing binaries), or undefined when it can. */
export function orthancMissing(): string | undefined {
  const missing = [
    orthancBinary() ? '' : 'Orthanc (apt: orthanc)',
    dicomWebPlugin() ? '' : 'DICOMweb plugin (apt: orthanc-dicomweb)',
    onPath('storescu') ? '' : 'storescu (apt: dcmtk)',
  ].filter(Boolean);
  return missing.length ? missing.join(', ') : undefined;
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

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function waitForSystem(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited(child)) {
    try {
      if ((await fetch(`${url}/system`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function terminate(child: ChildProcess): Promise<void> {
  if (exited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts Orthanc and waits until GET /system answers. Ports are picked free just before the
 * start; if another process grabs one in between, Orthanc exits and we retry with new ports.
 */
export async function startOrthanc(opts: { aet?: string; timeoutMs?: number; modalities?: Record<string, OrthancModality> } = {}): Promise<OrthancServer> {
  const binary = orthancBinary();
  const plugin = dicomWebPlugin();
  if (!binary || !plugin) throw new Error(`cannot start Orthanc: ${orthancMissing()} not installed`);
  const aet = opts.aet ?? 'ORTHANC';
  let lastLog = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'orthanc-'));
    const [httpPort, dicomPort] = [await freePort(), await freePort()];
    const config = {
      Name: `test-${process.pid}`,
      StorageDirectory: path.join(dir, 'storage'),
      IndexDirectory: path.join(dir, 'index'),
      HttpPort: httpPort,
      DicomPort: dicomPort,
      DicomAet: aet,
      DicomServerEnabled: true,
      RemoteAccessAllowed: false,
      AuthenticationEnabled: false,
      HttpCompressionEnabled: false,
      SaveJobs: false,
      Plugins: [plugin],
      // Peers Orthanc may send to (POST /modalities/{id}/store): id -> [AET, host, port].
      DicomModalities: Object.fromEntries(Object.entries(opts.modalities ?? {}).map(([id, m]) => [id, [m.aet, m.host, m.port]])),
      DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: true, Ssl: false },
    };
    const configFile = path.join(dir, 'orthanc.json');
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const child = spawn(binary, [configFile], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout!.on('data', (b: Buffer) => (log += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
    const url = `http://127.0.0.1:${httpPort}`;
    if (await waitForSystem(url, child, opts.timeoutMs ?? 20_000)) {
      return {
        url,
        dicomPort,
        aet,
        log: () => log,
        async stop() {
          await terminate(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await terminate(child);
    rmSync(dir, { recursive: true, force: true });
    lastLog = log;
  }
  throw new Error(`Orthanc did not start (3 attempts); last log:\n${lastLog}`);
}
