import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { needs } from './needs';
import { freePort } from './orthanc';

/**
 * A real S3-compatible server for tests: SeaweedFS (`weed server` with its filer and S3
 * gateway), built from the Go module proxy by scripts/prereqs.sh into $(go env GOPATH)/bin.
 * Every port is a free loopback port, the data lives in a temp folder, telemetry is off, and
 * one identity with the test credentials may do everything. Never a mock: without the binary
 * the tests skip, and under CI=true they fail (test/needs.ts).
 */
export function weedBinary(): string | undefined {
  const candidates: string[] = [];
  try {
    candidates.push(path.join(execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim(), 'bin', 'weed'));
  } catch {
    // no go on PATH: look in the usual place
  }
  candidates.push(path.join(os.homedir(), 'go', 'bin', 'weed'));
  return candidates.find((c) => existsSync(c));
}

/** True when the binary is there; under CI=true its absence throws (tests must not skip on CI). */
export const hasWeed = (): boolean => needs('SeaweedFS `weed` (bash scripts/prereqs.sh builds it)', weedBinary() !== undefined);

export interface S3TestServer {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** A client with path-style addressing, as the studio's S3 store uses for this server. */
  client(): S3Client;
  /** Creates a bucket with a fresh name and returns it. */
  bucket(prefix?: string): Promise<string>;
  /** The S3_* environment of a studio or worker process using `bucket`. */
  env(bucket: string): Record<string, string>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 90_000;

export async function startSeaweedFs(): Promise<S3TestServer> {
  const weed = weedBinary();
  if (!weed) throw new Error('SeaweedFS `weed` not found: run bash scripts/prereqs.sh');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-weed-'));
  const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3, s3Grpc] = await Promise.all(Array.from({ length: 8 }, () => freePort()));
  const accessKeyId = 'studio-test';
  const secretAccessKey = `secret-${process.pid}-${Date.now()}`;
  const config = path.join(dir, 's3.json');
  writeFileSync(config, JSON.stringify({ identities: [{ name: 'studio', credentials: [{ accessKey: accessKeyId, secretKey: secretAccessKey }], actions: ['Admin', 'Read', 'Write', 'List', 'Tagging'] }] }));
  const args = [
    'server', '-ip', '127.0.0.1', '-ip.bind', '127.0.0.1', '-dir', dir, '-master.telemetry=false',
    '-master.port', `${master}`, '-master.port.grpc', `${masterGrpc}`, '-volume.port', `${volume}`, '-volume.port.grpc', `${volumeGrpc}`,
    '-volume.max', '0', '-master.volumeSizeLimitMB', '64',
    '-filer', '-filer.port', `${filer}`, '-filer.port.grpc', `${filerGrpc}`, '-filer.localSocket', path.join(dir, 'filer.sock'),
    '-s3', '-s3.port', `${s3}`, '-s3.port.grpc', `${s3Grpc}`, '-s3.port.iceberg', '0', '-s3.port.lance', '0', '-s3.config', config,
    '-s3.localSocket', path.join(dir, 's3.sock'),
  ];
  const child = spawn(weed, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-8_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${s3}`;
  const region = 'us-east-1';
  const client = () =>
    new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey }, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready when the S3 gateway answers an authenticated call and a bucket can be created and written.
  const probe = client();
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`weed exited with ${child.exitCode}:\n${log}`);
    try {
      await probe.send(new ListBucketsCommand({}));
      break;
    } catch (e) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`SeaweedFS S3 gateway not ready within ${READY_TIMEOUT_MS} ms (${(e as Error).message}):\n${log}`);
      }
      await new Promise((r) => setTimeout(r, Math.min(1_000, 100 * (attempt + 1))));
    }
  }
  let buckets = 0;
  return {
    endpoint,
    accessKeyId,
    secretAccessKey,
    region,
    client,
    async bucket(prefix = 'studio') {
      const name = `${prefix}-${process.pid}-${++buckets}-${Date.now().toString(36)}`;
      await probe.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    env: (bucket) => ({
      STUDIO_BLOB_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: region,
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    }),
    stop,
  };
}
