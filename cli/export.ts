import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PipelineGraphSchema, type PipelineGraph } from '../domain/graph/schema';
import type { ModelRef } from '../domain/models/signature';
import { hasErrors } from '../domain/validation/issue';
import { validatePipeline } from '../domain/validation/validate';
import type { ExportModel } from '../runtimes/edge/bundle';
import type { CliOptions } from './options';
import { defaultModelsDir, localLookup, readModelsDir } from './models-dir';
import { CliError, printJson } from './output';
import { applyOverrides, readPipelineFile } from './pipeline-file';

const USAGE = 'usage: studio export <pipeline.json|versionId> --target edge [--models DIR] --out bundle.zip [--set node.param=json]';

type Source = { graph: PipelineGraph; version: string; resolveModel: (ref: ModelRef) => Promise<ExportModel | undefined>; close?: () => Promise<void> };

/** A pipeline file: validated against the models directory, models read from it. */
async function fromFile(file: string, opts: CliOptions, corpusDir: string): Promise<Source> {
  const doc = applyOverrides(await readPipelineFile(file), opts.set);
  const local = await readModelsDir(defaultModelsDir(opts.models, corpusDir));
  const issues = validatePipeline(doc, localLookup(local));
  if (hasErrors(issues)) {
    const errors = issues.filter((i) => i.severity === 'error');
    throw new CliError('PIPELINE_INVALID', `the pipeline has ${errors.length} error(s): ${errors.map((i) => i.message).join('; ')}`, { issues });
  }
  return {
    graph: PipelineGraphSchema.parse(doc),
    version: 'unversioned',
    resolveModel: async (ref) => {
      const m = local.find((l) => ('file' in ref ? l.file === ref.file : l.sha256 === ref.sha256));
      return m && { sha256: m.sha256, file: m.file, signature: m.signature, bytes: new Uint8Array(await readFile(m.path)) };
    },
  };
}

/** A published version: its pinned graph, models from the blob store. */
async function fromVersion(versionId: string): Promise<Source> {
  const { getBlobs, getDb } = await import('../server/db');
  const { requireVersion } = await import('../server/versions/service');
  const { closeDb } = await import('../drizzle/client');
  const { getStoredModel } = await import('../server/models/repo');
  const db = await getDb();
  const version = await requireVersion({ db }, versionId);
  return {
    graph: PipelineGraphSchema.parse(version.graph),
    version: version.semver,
    resolveModel: async (ref) => {
      const row = 'sha256' in ref ? await getStoredModel(db, ref.sha256) : undefined;
      return row && { sha256: row.sha256, file: row.fileName, signature: row.signature, bytes: await getBlobs().read(row.sha256) };
    },
    close: () => closeDb(db),
  };
}

/** `studio export`: writes a self-contained edge bundle (zip) and prints its summary. */
export async function exportCommand(args: string[], opts: CliOptions): Promise<number> {
  const [what] = args;
  if (!what || !opts.out) throw new CliError('BAD_ARGUMENTS', USAGE);
  if ((opts.target ?? 'edge') !== 'edge') throw new CliError('BAD_ARGUMENTS', `--target ${opts.target} is not supported (only edge)\n${USAGE}`);
  const { env } = await import('../server/env');
  const isFile = what.endsWith('.json') || existsSync(what);
  const source = isFile ? await fromFile(what, opts, env.STUDIO_CORPUS_DIR) : await fromVersion(what);
  try {
    const { buildEdgeBundle } = await import('../runtimes/edge/bundle');
    const { zip, manifest } = await buildEdgeBundle(source);
    const out = path.resolve(opts.out);
    await writeFile(out, zip);
    await printJson({
      out, sizeBytes: zip.byteLength, target: 'edge',
      pipeline: { name: manifest.pipeline.name, version: manifest.pipeline.version },
      models: manifest.models.map((m) => ({ sha256: m.sha256, file: m.file })),
      runtimes: manifest.runtimes, input: manifest.input,
    });
    return 0;
  } finally {
    await source.close?.();
  }
}
