import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ModelLookup, ModelRef, ModelSignature } from '../../domain/models/signature';
import { RuntimeError } from '../../runtimes/core/errors';
import { readModelSignature } from '../../runtimes/core/onnx-signature';
import type { PipelineGraph } from '../../domain/graph/schema';
import { modelRefsOf } from '../../domain/versioning/pins';
import type { CommittedBlob, StagedBlob } from '../blobs/store';
import { removeOrphansOf } from '../blobs/sweeper';
import { ServiceError } from '../errors';
import { addWorkspaceModel, getModel, getStoredModel, insertModel, listModels, setWorkspaceContract, type ModelRow } from './repo';
import type { ModelContract } from '../../domain/models/contract';
import { audited } from '../audit/service';
import type { ServiceDeps } from '../context';
import { scopeOf } from '../auth/scope';
import { compatibilityReport } from '../../runtimes/edge/compat';
import { refuseRejectedVariants } from './variant-gate';

const baseName = (n: string) => n.split(/[\\/]/).pop() ?? n;

/**
 * Register a staged ONNX upload in a workspace (default: the caller's): read its signature from
 * the file itself (a file that is not ONNX is refused before anything is stored), then commit the
 * blob and link it to the workspace under its name. Bytes are content-addressed and shared: bytes
 * another workspace already stored are not read or stored again, only linked (with this
 * workspace's name). Idempotent per workspace: a second registration keeps the first name.
 */
/** `signature`: already read from this staged file by the caller (version import), not read twice. */
export async function registerStagedModel(deps: ServiceDeps, args: { fileName: string; name?: string; staged: StagedBlob; workspaceId?: string; signature?: ModelSignature }): Promise<ModelRow> {
  const { ownerId, workspaceId: callers } = scopeOf(deps);
  const workspaceId = args.workspaceId ?? callers;
  try {
    if (args.staged.size === 0) throw new ServiceError('EMPTY_UPLOAD', `${args.fileName} is empty (0 bytes)`);
    await refuseRejectedVariants(deps.db, { sha256s: [args.staged.sha256] }); // any workspace's: such bytes are never a model
    const mine = await getModel(deps.db, workspaceId, args.staged.sha256);
    if (mine && (await deps.blobs.has(mine.sha256))) return mine;
    const stored = await getStoredModel(deps.db, args.staged.sha256);
    const signature =
      args.signature ?? (stored && (await deps.blobs.has(stored.sha256)) ? stored.signature : signatureOf(new Uint8Array(await readFile(args.staged.tempPath)), args.staged.sha256, args.fileName));
    const fileName = baseName(args.fileName);
    const name = args.name?.trim() || fileName.replace(/\.onnx$/i, '');
    const row = { sha256: args.staged.sha256, name, fileName, sizeBytes: args.staged.size, signature };
    // Committed inside the row's transaction; a failed transaction removes what it stored.
    const committed: CommittedBlob[] = [];
    try {
      return await audited(
        deps,
        async (tx) => {
          await insertModel(tx, row);
          await addWorkspaceModel(tx, { workspaceId, modelSha256: row.sha256, name, createdBy: ownerId });
          committed.push(await args.staged.commit());
          return (await getModel(tx, workspaceId, row.sha256))!;
        },
        (m) => ({ action: 'model.registered', objectType: 'model', objectId: m.sha256, details: { name: m.name, fileName: m.fileName, sizeBytes: m.sizeBytes, workspaceId } }),
      );
    } catch (e) {
      await removeOrphansOf(deps, committed);
      throw e;
    }
  } finally {
    await args.staged.discard();
  }
}

export async function registerModelBytes(deps: ServiceDeps, args: { fileName: string; name?: string; bytes: Uint8Array; workspaceId?: string }) {
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

/**
 * Sets this workspace's edit of a model's input contract (null: back to the file's). Audited;
 * versions published earlier keep the contract they pinned.
 */
export async function setModelContract(deps: ServiceDeps, args: { sha256: string; contract: ModelContract | null }) {
  const { workspaceId } = scopeOf(deps);
  await requireModel(deps, args.sha256);
  return audited(
    deps,
    async (tx) => {
      await setWorkspaceContract(tx, workspaceId, args.sha256, args.contract);
      return modelDto((await getModel(tx, workspaceId, args.sha256))!);
    },
    () => ({ action: 'model.contract-changed', objectType: 'model', objectId: args.sha256, details: { workspaceId, contract: args.contract } }),
  );
}

export function modelDto(m: ModelRow) {
  return {
    contractEdited: m.contractEdited ?? false,
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

/** A model registered in the caller's workspace (another workspace's is NOT_FOUND: hashes do not leak). */
export async function requireModel(deps: Pick<ServiceDeps, 'db' | 'principal'>, sha256: string): Promise<ModelRow> {
  const m = await getModel(deps.db, scopeOf(deps).workspaceId, sha256);
  if (!m) await refuseRejectedVariants(deps.db, { sha256s: [sha256] }, scopeOf(deps).workspaceId);
  if (!m) throw new ServiceError('NOT_FOUND', `model ${sha256} not found`);
  return m;
}

/**
 * Every model a graph pins must be registered in the workspace that runs it: bytes another
 * workspace stored are not usable by their hash alone (NOT_FOUND, 404).
 */
export async function requireGraphModels(deps: Pick<ServiceDeps, 'db'>, workspaceId: string, graph: PipelineGraph): Promise<void> {
  const known = new Set((await listModels(deps.db, workspaceId)).map((m) => m.sha256));
  const unknown = modelRefsOf(graph).filter((r) => !known.has(r.sha256));
  await refuseRejectedVariants(deps.db, { sha256s: unknown.map((r) => r.sha256) }, workspaceId);
  const missing = unknown[0];
  if (missing) throw new ServiceError('NOT_FOUND', `model ${missing.sha256} (node ${missing.nodeId}) is not registered in this workspace`, { nodeId: missing.nodeId, sha256: missing.sha256 });
}

export async function listModelDtos(deps: Pick<ServiceDeps, 'db' | 'principal'>) {
  return (await listModels(deps.db, scopeOf(deps).workspaceId)).map(modelDto);
}

/**
 * A synchronous ModelLookup for the validator, over the models registered in a workspace
 * (default: the caller's; the table is small). A model only another workspace registered is
 * missing here. `{file}` refs resolve to the newest model of that file name.
 */
export async function loadModelLookup(
  deps: Pick<ServiceDeps, 'db' | 'principal'>,
  workspaceId = scopeOf(deps).workspaceId,
): Promise<ModelLookup & { byFile(file: string): ModelRow | undefined }> {
  const rows = await listModels(deps.db, workspaceId); // newest first
  const bySha = new Map(rows.map((r) => [r.sha256, r]));
  const byFile = new Map<string, ModelRow>();
  for (const r of rows) if (!byFile.has(r.fileName)) byFile.set(r.fileName, r);
  const lookup = (ref: ModelRef) => ('sha256' in ref ? bySha.get(ref.sha256) : byFile.get(ref.file))?.signature;
  return Object.assign(lookup, { byFile: (file: string) => byFile.get(file) });
}
