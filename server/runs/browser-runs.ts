import { z } from 'zod';
import { runNodes, runs, scans } from '../../drizzle/schema';
import { FinishedStatusSchema } from '../../domain/runs/status';
import { sha256HexSync } from '../../runtimes/server/sha256';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import { audited } from '../audit/service';
import type { ServiceDeps } from '../context';
import { scopeOf, type Scope } from '../auth/scope';
import { requireVersion } from '../versions/service';

/**
 * What the page reports after running a pipeline version in the clinician's browser. Only
 * metadata: the input's sha256 (WebCrypto, in the page), name and size, per-node timings and the
 * label counts. No pixel data and no output bytes ever reach the server for such a run.
 */
export const BrowserRunInput = z.object({
  versionId: z.string().min(1),
  inputSha256: z.string().regex(/^[0-9a-f]{64}$/),
  inputName: z.string().min(1).max(300),
  inputSize: z.number().int().min(0).optional(),
  format: z.enum(['nifti', 'dicom']),
  /** A browser run ends in the page: it is never cancelled by the server. */
  status: FinishedStatusSchema.exclude(['cancelled']),
  error: z.object({ code: z.string().max(100), message: z.string().max(2000) }).optional(),
  nodes: z.array(z.object({ nodeId: z.string().min(1), kind: z.string().min(1), ms: z.number().min(0).nullable(), status: FinishedStatusSchema })).max(200),
  labelCounts: z.record(z.string().regex(/^\d+$/), z.number().int().min(0)).optional(),
  runtime: z.string().min(1).max(100),
});
export type BrowserRunInput = z.infer<typeof BrowserRunInput>;

/**
 * Scan rows are NOT NULL on runs, so a browser input gets a blob-less scan row whose id carries
 * the input hash and its owner (the same bytes recorded twice by the same person share it; the
 * same bytes from someone else, or another workspace, get their own row, so neither sees the
 * other's file name). `files` stays empty: the server holds nothing it could read, and such a
 * scan cannot be run on the server.
 */
export const browserScanId = (scope: Pick<Scope, 'workspaceId' | 'ownerId'>, sha256: string) =>
  `scan_browser_${sha256HexSync(`${scope.workspaceId}\0${scope.ownerId}\0${sha256}`).slice(0, 40)}`;

/**
 * Records a finished (succeeded or failed) browser run as a run with executor 'browser', in the
 * caller's workspace and owned by the caller (so it shows in their Runs list, and only where
 * their server runs would).
 */
export async function recordBrowserRun(deps: ServiceDeps, raw: BrowserRunInput): Promise<{ runId: string }> {
  const args = BrowserRunInput.parse(raw);
  const scope = scopeOf(deps);
  const version = await requireVersion(deps, args.versionId);
  const kinds = new Map(version.graph.nodes.map((n) => [n.id, n.kind]));
  const stranger = args.nodes.find((n) => kinds.get(n.nodeId) !== n.kind);
  if (stranger) throw new ServiceError('BAD_REQUEST', `node ${stranger.nodeId} (${stranger.kind}) is not in version ${version.semver}`);
  const runId = newId('run');
  const scanId = browserScanId(scope, args.inputSha256);
  const finishedAt = new Date();
  const totalMs = args.nodes.reduce((a, n) => a + (n.ms ?? 0), 0);
  const startedAt = new Date(finishedAt.getTime() - totalMs);
  const reported = new Map(args.nodes.map((n) => [n.nodeId, n]));
  await audited(
    deps,
    async (tx) => {
      await tx
        .insert(scans)
        .values({ id: scanId, workspaceId: scope.workspaceId, createdBy: scope.ownerId, name: `${args.inputName} (browser only)`, format: args.format, files: [], sizeBytes: args.inputSize ?? 0 })
        .onConflictDoNothing();
      await tx.insert(runs).values({
        id: runId,
        pipelineVersionId: version.id,
        scanId,
        workspaceId: scope.workspaceId,
        createdBy: scope.ownerId,
        status: args.status,
        executor: 'browser',
        // Runs in the browser use no server compute: recorded at zero cost (cost page shows them).
        actualCostNano: 0,
        error: args.status === 'failed' ? (args.error ?? { code: 'BROWSER_RUN_FAILED', message: 'the run failed in the browser' }) : null,
        startedAt,
        finishedAt,
      });
      // Every node of the version gets a row; ones the page never reached stay cancelled.
      await tx.insert(runNodes).values(
        version.graph.nodes.map((n) => {
          const r = reported.get(n.id);
          return { runId, nodeId: n.id, kind: n.kind, status: r?.status ?? 'cancelled', ms: r?.ms ?? null, progress: r?.status === 'succeeded' ? 1 : 0, attempts: r ? 1 : 0, costNano: 0 };
        }),
      );
    },
    () => ({
      action: args.status === 'succeeded' ? 'run.finished' : 'run.failed',
      objectType: 'run',
      objectId: runId,
      details: {
        executor: 'browser',
        runtime: args.runtime,
        versionId: version.id,
        scanId,
        inputSha256: args.inputSha256,
        format: args.format,
        totalMs: Math.round(totalMs),
        ...(args.labelCounts ? { labelCounts: args.labelCounts } : {}),
        ...(args.error ? { error: args.error.code } : {}),
      },
    }),
  );
  return { runId };
}
