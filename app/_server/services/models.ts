import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ModelLookup, ModelRef, ModelSignature } from '../../../domain/models/signature';
import { RuntimeError } from '../../../runtimes/core/errors';
import { readModelSignature } from '../../../runtimes/core/onnx-signature';
import type { StagedBlob } from '../blobs';
import { ServiceError } from '../errors';
import { getModel, insertModel, listModels, type ModelRow } from '../repos/models';
import { audited } from './audit';
import type { ServiceDeps } from './context';
import { compatibilityReport } from '../../../runtimes/edge/compat';

const baseName = (n: string) => n.split(/[\\/]/).pop() ?? n;

/**
 * Register a staged ONNX upload: read its signature from the file itself (a file that is not
 * ONNX is refused before anything is stored), then commit the blob and insert the row.
 * Idempotent: the same bytes register once (first name wins).
 */
/** `signature`: already read from this staged file by the caller (version import), not read twice. */
export async function registerStagedModel(deps: ServiceDeps, args: { fileName: string; name?: string; staged: StagedBlob; signature?: ModelSignature }): Promise<ModelRow> {
  try {
    if (args.staged.size === 0) throw new ServiceError('EMPTY_UPLOAD', `${args.fileName} is empty (0 bytes)`);
    const existing = await getModel(deps.db, args.staged.sha256);
    if (existing && (await deps.blobs.has(existing.sha256))) return existing;
    const signature = args.signature ?? signatureOf(new Uint8Array(await readFile(args.staged.tempPath)), args.staged.sha256, args.fileName);
    await args.staged.commit();
    const fileName = baseName(args.fileName);
    const row = { sha256: args.staged.sha256, name: args.name?.trim() || fileName.replace(/\.onnx$/i, ''), fileName, sizeBytes: args.staged.size, signature };
    return await audited(deps, (tx) => insertModel(tx, row), (m) => ({
      action: 'model.registered',
      objectType: 'model',
      objectId: m.sha256,
      details: { name: m.name, fileName: m.fileName, sizeBytes: m.sizeBytes },
    }));
  } finally {
    await args.staged.discard();
  }
}

export async function registerModelBytes(deps: ServiceDeps, args: { fileName: string; name?: string; bytes: Uint8Array }) {
  return registerStagedModel(deps, { ...args, staged: await deps.blobs.stage([args.bytes]) });
}

export async function registerModelFile(deps: ServiceDeps, args: { path: string; name?: string }) {
  return registerStagedModel(deps, { fileName: baseName(args.path), name: args.name, staged: await deps.blobs.stage(createReadStream(args.path)) });
}

function signatureOf(bytes: Uint8Array, sha256: string, fileName: string): ModelSignature {
  try {
    return readModelSignature(bytes, sha256);
  } catch (e) {
    if (e instanceof RuntimeError) throw new ServiceError('UNSUPPORTED_UPLOAD', `${fileName}: ${e.message}`, { file: fileName });
    throw e;
  }
}

export function modelDto(m: ModelRow) {
  return {
    sha256: m.sha256,
    name: m.name,
    fileName: m.fileName,
    sizeBytes: m.sizeBytes,
    signature: m.signature,
    /** Can each runtime target run it (operators, opsets, ranks), with the offending operators named. */
    compat: compatibilityReport(m.signature),
    createdAt: m.createdAt.toISOString(),
  };
}

export async function requireModel(deps: ServiceDeps, sha256: string): Promise<ModelRow> {
  const m = await getModel(deps.db, sha256);
  if (!m) throw new ServiceError('NOT_FOUND', `model ${sha256} not found`);
  return m;
}

/**
 * A synchronous ModelLookup for the validator, over every registered model (the table is
 * small: one row per model file). `{file}` refs resolve to the newest model of that file name.
 */
export async function loadModelLookup(deps: Pick<ServiceDeps, 'db'>): Promise<ModelLookup & { byFile(file: string): ModelRow | undefined }> {
  const rows = await listModels(deps.db); // newest first
  const bySha = new Map(rows.map((r) => [r.sha256, r]));
  const byFile = new Map<string, ModelRow>();
  for (const r of rows) if (!byFile.has(r.fileName)) byFile.set(r.fileName, r);
  const lookup = (ref: ModelRef) => ('sha256' in ref ? bySha.get(ref.sha256) : byFile.get(ref.file))?.signature;
  return Object.assign(lookup, { byFile: (file: string) => byFile.get(file) });
}
