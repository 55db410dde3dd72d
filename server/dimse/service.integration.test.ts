import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoscu } from '../../test/dcmtk-net';
import { corpusPath, needAll, needFiles, needTools } from '../../test/needs';
import { freePort } from '../../test/orthanc';
import { parseEnv } from '../env';
import { createTestServices, type TestServices } from '../test-fixtures';
import { dimse } from './lib';
import { startDicomService, stopDicomService } from './service';

const CT = corpusPath('dicom/ts/CT1_explicit_le.dcm');
const need = needAll(needFiles(CT), needTools('echoscu'));
const ls = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });

describe.runIf(need.ok)(need.title('the studio process starts its DICOM listener from env and stops it (real PostgreSQL)'), () => {
  let deps: TestServices;
  beforeAll(async () => {
    deps = await createTestServices();
  });
  afterAll(async () => {
    await stopDicomService(0);
    await deps?.close();
  });

  it('no STUDIO_DICOM_PORT: no listener', async () => {
    expect(await startDicomService(deps, parseEnv({}))).toBeUndefined();
  });

  it('refuses to start when the AE map names a workspace that does not exist', async () => {
    const env = parseEnv({ STUDIO_DICOM_PORT: String(await freePort()), STUDIO_DICOM_AE_WORKSPACES: 'PACS=ws_nowhere' });
    await expect(startDicomService(deps, env)).rejects.toThrow(/workspaces that do not exist: ws_nowhere/);
  });

  it('listens on loopback as STUDIO_DICOM_AET, once per process, and is closed by the shutdown drain', async () => {
    const port = await freePort();
    const env = parseEnv({ STUDIO_DICOM_PORT: String(port), STUDIO_DICOM_AET: 'AI_STUDIO', STUDIO_DICOM_AE_WORKSPACES: 'ECHOSCU=ws_default' });
    const listener = await startDicomService(deps, env);
    expect(listener).toMatchObject({ host: '127.0.0.1', port, aeTitle: 'AI_STUDIO' });
    expect(await startDicomService(deps, env)).toBe(listener);
    expect((await echoscu({ port, aet: 'AI_STUDIO' })).output).toContain('Received Echo Response (Success)');
    await stopDicomService(1_000);
    expect(await refused(port)).toBe(true);
  });

  it('an association cut in the middle of a dataset leaves nothing: no row, no blob, no staged file', async () => {
    const port = await freePort();
    const listener = (await startDicomService(deps, parseEnv({ STUDIO_DICOM_PORT: String(port) })))!;
    expect(existsSync(deps.blobs.root)).toBe(false);
    const client = new dimse.Client();
    client.addRequest(new dimse.requests.CStoreRequest(CT));
    const closed = new Promise((r) => client.on('closed', r));
    client.send('127.0.0.1', port, 'CUTTER', 'STUDIO');
    // Writes: A-ASSOCIATE-RQ, the C-STORE command, then the dataset's P-DATA PDUs (256 KiB each):
    // once the first of those is on the wire, the connection is cut and nothing more is sent.
    const network = (client as unknown as { network: { socket: net.Socket } }).network;
    const write = network.socket.write.bind(network.socket) as (chunk: Uint8Array, cb?: () => void) => boolean;
    let writes = 0;
    network.socket.write = ((chunk: Uint8Array) => {
      writes++;
      if (writes < 3) return write(chunk);
      if (writes === 3) return write(chunk, () => network.socket.destroy());
      return true;
    }) as typeof network.socket.write;
    await closed;
    const deadline = Date.now() + 10_000;
    while ((listener.associations() > 0 || ls(deps.blobs.tmpDir).length > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(writes).toBeGreaterThanOrEqual(4);
    expect(listener.associations()).toBe(0);
    // The dataset had started into a staged file (the staging directory was made for it), now gone.
    expect(existsSync(deps.blobs.tmpDir)).toBe(true);
    expect(ls(deps.blobs.tmpDir)).toEqual([]);
    expect(ls(deps.blobs.root)).toEqual(['tmp']);
    const rows = await deps.db.query.dicomInstances.findMany();
    expect(rows).toEqual([]);
    await stopDicomService(0);
  });
});
