import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PipelineGraphSchema } from '../domain/graph/schema';
import { hasErrors, type Issue } from '../domain/validation/issue';
import { validatePipeline } from '../domain/validation/validate';
import type { RunResult } from '../workflows/contract';
import { defaultModelsDir, localLookup, readModelsDir, type LocalModel } from './models-dir';
import { applyOverrides, readPipelineFile } from './pipeline-file';
import { CliError, printJson } from './output';
import type { CliOptions } from './options';

const USAGE = 'usage: studio run <pipeline.json> --input <file|dir> --out <dir> [--models DIR] [--executor embedded|temporal] [--set node.param=json]';

/**
 * `studio run`: validate, store the scan, pin model files to sha256, record pipeline + version
 * + run in the database (as the studio does), execute, copy the artifacts into --out and print
 * one JSON summary. Checks run before anything is stored, so a bad pipeline or input leaves
 * nothing partial behind.
 */
export async function runCommand(args: string[], opts: CliOptions): Promise<number> {
  const [file] = args;
  if (!file || !opts.input || !opts.out) throw new CliError('BAD_ARGUMENTS', USAGE);
  if (opts.executor && opts.executor !== 'embedded' && opts.executor !== 'temporal') {
    throw new CliError('BAD_ARGUMENTS', `--executor must be embedded or temporal, not ${opts.executor}`);
  }
  const { env } = await import('../server/env');
  const doc = applyOverrides(await readPipelineFile(file), opts.set);
  const local = await readModelsDir(defaultModelsDir(opts.models, env.STUDIO_CORPUS_DIR));

  // Validate against the models directory first: most mistakes fail here without opening the database.
  const localIssues = validatePipeline(doc, localLookup(local));
  if (!localIssues.some((i) => i.code === 'model-missing')) assertValid(localIssues);

  const { getBlobs, getDb } = await import('../server/db');
  const { closeExecutors, getExecutor } = await import('../server/runs/executors');
  const { closeDb } = await import('../drizzle/client');
  const { startRunSweeper, stopRunSweeper } = await import('../server/runs/sweeper');
  const { installShutdownHandlers, isShuttingDown, shutdown, stopExitCode } = await import('../server/shutdown');
  const db = await getDb();
  // Runs left behind by a killed process are failed now (and while this run lasts); SIGTERM
  // lets this run finish within STUDIO_SHUTDOWN_GRACE_SECONDS, else marks it INTERRUPTED.
  installShutdownHandlers();
  await startRunSweeper(db, env.STUDIO_RUN_LEASE_SECONDS);
  try {
    const { CLI_ACTOR } = await import('../domain/audit/events');
    const svc = { db, blobs: getBlobs(), executor: (name?: 'embedded' | 'temporal') => getExecutor(name), audit: { actor: CLI_ACTOR } };
    const { loadModelLookup, registerModelFile } = await import('../server/models/service');
    // Models referenced by sha256 may be registered in the database already.
    assertValid(validatePipeline(doc, localLookup(local, await loadModelLookup(svc))));
    const graph = PipelineGraphSchema.parse(doc);

    const { createScanFromPath } = await import('./scan-input');
    const scan = await createScanFromPath(svc, opts.input, env.UPLOAD_LIMIT_BYTES);

    // Register only the models this pipeline names, then pin them by content hash.
    const { resolveModelFiles } = await import('../domain/models/refs');
    const registered = new Map<string, string>();
    const wanted = new Set(resolveModelFiles(graph, () => undefined).missing);
    for (const m of local.filter((l: LocalModel) => wanted.has(l.file))) registered.set(m.file, (await registerModelFile(svc, { path: m.path })).sha256);
    const lookup = await loadModelLookup(svc);
    const pinned = resolveModelFiles(graph, (f) => registered.get(f) ?? lookup.byFile(f)?.sha256).graph;

    const { recordVersion } = await import('./record');
    const version = await recordVersion(svc, pinned);
    const { startRun } = await import('../server/runs/service');
    const executor = await getExecutor(opts.executor as 'embedded' | 'temporal' | undefined);
    console.error(`[studio] run of ${graph.name} ${version.semver} on ${executor.name}`);
    const { runId } = await startRun(svc, { versionId: version.versionId, scanId: scan.id, executor: executor.name });
    const result = await executor.wait(runId);
    const header = { runId, status: result.status, executor: executor.name, pipeline: { name: graph.name, versionId: version.versionId, semver: version.semver }, scanId: scan.id };
    // Stopped by a signal: the run is recorded (finished or INTERRUPTED) once the drain is over.
    const stopped = isShuttingDown() && (await shutdown(), stopExitCode() ?? 1);
    if (result.status !== 'succeeded') {
      await printJson({ ...header, error: result.error ?? { code: 'INTERNAL', message: `the run ended ${result.status}` } });
      return stopped || 1;
    }
    await printJson({ ...header, ...(await exportOutputs(result, opts.out, (sha) => svc.blobs.localPath(sha))) });
    return stopped || 0;
  } finally {
    stopRunSweeper();
    await closeExecutors();
    await closeDb(db);
  }
}

function assertValid(issues: Issue[]): void {
  if (!hasErrors(issues)) return;
  const errors = issues.filter((i) => i.severity === 'error');
  throw new CliError('PIPELINE_INVALID', `the pipeline has ${errors.length} error(s): ${errors.map((i) => i.message).join('; ')}`, { issues });
}

/** Copies every artifact into `out` (prefixing the node id when two share a name). */
async function exportOutputs(result: RunResult, out: string, blobPath: (sha: string) => Promise<string>) {
  await mkdir(out, { recursive: true });
  const names = result.artifacts.map((a) => a.name);
  const outputs = [];
  const labelCountsByNode: Record<string, Record<string, number>> = {};
  for (const a of result.artifacts) {
    const name = names.indexOf(a.name) === names.lastIndexOf(a.name) ? a.name : `${a.nodeId}-${a.name}`;
    const target = path.resolve(out, name);
    await copyFile(await blobPath(a.sha256), target);
    outputs.push({ nodeId: a.nodeId, name: a.name, path: target, mediaType: a.mediaType, size: a.size, sha256: a.sha256, ...(a.labelCounts ? { labelCounts: a.labelCounts } : {}) });
    if (a.labelCounts) labelCountsByNode[a.nodeId] = a.labelCounts;
  }
  const nodes = result.nodes.map((n) => ({ id: n.id, kind: n.kind, ms: Math.round(n.ms * 10) / 10 }));
  // `labelCounts` is the first label-map output's counts keyed by label (what a single-output
  // pipeline reports); every label-map output is in `labelCountsByNode` and in its `outputs` entry.
  const labelCounts = Object.values(labelCountsByNode)[0];
  return { nodes, outputs, ...(labelCounts ? { labelCounts } : {}), labelCountsByNode };
}
