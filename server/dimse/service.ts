import { inArray } from 'drizzle-orm';
import { DEFAULT_WORKSPACE_ID } from '../../domain/auth/permissions';
import { workspaces } from '../../drizzle/schema';
import type { ServiceDeps } from '../context';
import { env as processEnv, type Env } from '../env';
import { ingestHandler } from './ingest-handler';
import { startDicomListener, type DicomListener } from './listener';

/**
 * The studio process's DICOM listener, started with its background services when
 * STUDIO_DICOM_PORT is set and closed by the shutdown drain. Kept on globalThis (Next dev reloads
 * modules; the port is bound once per process).
 */
const g = globalThis as { __studioDicomListener?: Promise<DicomListener | undefined> };

export function startDicomService(deps: ServiceDeps, e: Env = processEnv): Promise<DicomListener | undefined> {
  if (e.STUDIO_DICOM_PORT === undefined) return Promise.resolve(undefined);
  g.__studioDicomListener ??= (async () => {
    const mapped = [...new Set(e.STUDIO_DICOM_AE_WORKSPACES?.values() ?? [])];
    const known = mapped.length ? (await deps.db.select({ id: workspaces.id }).from(workspaces).where(inArray(workspaces.id, mapped))).map((w) => w.id) : [];
    const unknown = mapped.filter((w) => !known.includes(w));
    if (unknown.length) throw new Error(`STUDIO_DICOM_AE_WORKSPACES names workspaces that do not exist: ${unknown.join(', ')}`);
    return startDicomListener({
      host: e.STUDIO_DICOM_HOST,
      port: e.STUDIO_DICOM_PORT!,
      aeTitle: e.STUDIO_DICOM_AET,
      aeWorkspaces: e.STUDIO_DICOM_AE_WORKSPACES,
      defaultWorkspaceId: DEFAULT_WORKSPACE_ID,
      blobs: deps.blobs,
      handler: ingestHandler(deps),
      maxAssociations: e.STUDIO_DICOM_MAX_ASSOCIATIONS,
      maxInstanceBytes: e.STUDIO_DICOM_MAX_INSTANCE_BYTES,
    });
  })().catch((err) => {
    g.__studioDicomListener = undefined; // a later start (next request) may try again
    throw err;
  });
  return g.__studioDicomListener;
}

/** Stops accepting associations; open ones get `graceMs` to finish their instance, then are cut. */
export async function stopDicomService(graceMs: number): Promise<void> {
  const listener = await g.__studioDicomListener?.catch(() => undefined);
  g.__studioDicomListener = undefined;
  await listener?.close(graceMs);
}
