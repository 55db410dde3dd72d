import { DEFAULT_WORKSPACE_ID, type Principal, type Role } from '../domain/auth/permissions';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PipelineGraph } from '../domain/graph/schema';
import { createTestDatabase, type TestDatabase } from '../drizzle/test-db';
import { LocalBlobStore } from './blobs/local-store';
import type { ServiceDeps } from './context';

/** Services over a fresh real-PostgreSQL database and a temp blob directory (integration tests). */
/** Principals for tests that go through tRPC (the default workspace exists after migrations). */
export const testPrincipal = (role: Role, workspaceId = DEFAULT_WORKSPACE_ID, userId = `u-${role}`): Principal => ({
  kind: 'user',
  userId,
  email: `${userId}@studio.test`,
  workspaceId,
  role,
});

/** Services of an integration test; the blob store is the local one (tests look at its files). */
export type TestServices = ServiceDeps & { blobs: LocalBlobStore; dataDir: string; close(): Promise<void> };

export async function createTestServices(): Promise<TestServices> {
  const t: TestDatabase = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-svc-'));
  return {
    db: t.db,
    blobs: new LocalBlobStore(dataDir),
    dataDir,
    async close() {
      await t.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** input.nifti -> normalize -> model -> argmax -> NIfTI labels: the smallest publishable graph. */
export function segmentationGraph(model: { sha256: string } | { file: string }, name = 'seg'): PipelineGraph {
  return {
    schema: 'studio.pipeline/v1',
    name,
    description: '',
    nodes: [
      { id: 'in', kind: 'input.nifti', version: 1, params: {} },
      { id: 'norm', kind: 'pre.normalize', version: 1, params: { method: 'min-max' } },
      { id: 'model', kind: 'model.onnx', version: 1, params: { model } },
      { id: 'argmax', kind: 'post.argmax', version: 1, params: {} },
      { id: 'out', kind: 'output.nifti-labels', version: 1, params: {} },
    ],
    edges: [
      { id: 'e1', source: { node: 'in', port: 'volume' }, target: { node: 'norm', port: 'volume' } },
      { id: 'e2', source: { node: 'norm', port: 'volume' }, target: { node: 'model', port: 'input' } },
      { id: 'e3', source: { node: 'model', port: 'output' }, target: { node: 'argmax', port: 'tensor' } },
      { id: 'e4', source: { node: 'argmax', port: 'labels' }, target: { node: 'out', port: 'labels' } },
    ],
  };
}
