import type { ModelCard } from '../../domain/cards/card';
import { EMPTY_PIPELINE_CARD, type PipelineCard } from '../../domain/cards/version-card';
import { canonicalJson } from '../../domain/versioning/canonical';
import { sha256HexSync } from '../../runtimes/server/sha256';
import { audited } from '../audit/service';
import { scopeOf } from '../auth/scope';
import type { ServiceDeps } from '../context';
import { getModel } from '../models/repo';
import { requireModel } from '../models/service';
import { requirePipeline } from '../pipelines/service';
import { requireVersion } from '../versions/service';
import { effectiveModelCard } from './effective';
import { getVersionCard, setPipelineCard, setWorkspaceCard } from './repo';

type Reader = Pick<ServiceDeps, 'db' | 'principal'>;
/** The card's hash names it in the audit log (the card itself can exceed an event's details limit). */
const cardSha256 = (card: unknown) => sha256HexSync(canonicalJson(card));

export async function getModelCard(deps: Reader, sha256: string) {
  const model = await requireModel(deps, sha256);
  return { sha256, name: model.name, ...(await effectiveModelCard(deps.db, scopeOf(deps).workspaceId, model)) };
}

/**
 * Saves this workspace's card of a model (null: back to the file's). Audited with the card's
 * hash; versions published earlier keep the card they pinned.
 */
export async function updateModelCard(deps: ServiceDeps, args: { sha256: string; card: ModelCard | null }) {
  const { workspaceId } = scopeOf(deps);
  await requireModel(deps, args.sha256);
  return audited(
    deps,
    async (tx) => {
      await setWorkspaceCard(tx, workspaceId, args.sha256, args.card);
      const model = (await getModel(tx, workspaceId, args.sha256))!;
      return { sha256: args.sha256, name: model.name, ...(await effectiveModelCard(tx, workspaceId, model)) };
    },
    (r) => ({ action: 'model.card-changed', objectType: 'model', objectId: args.sha256, details: { workspaceId, source: r.source, cardSha256: cardSha256(r.card) } }),
  );
}

export async function getPipelineCard(deps: Reader, pipelineId: string): Promise<{ card: PipelineCard }> {
  const p = await requirePipeline(deps, pipelineId);
  return { card: p.card ?? EMPTY_PIPELINE_CARD };
}

/** The pipeline's own card, pinned into each version published after (audited with its hash). */
export async function updatePipelineCard(deps: ServiceDeps, args: { pipelineId: string; card: PipelineCard }) {
  await requirePipeline(deps, args.pipelineId);
  return audited(
    deps,
    async (tx) => {
      await setPipelineCard(tx, args.pipelineId, args.card);
      return { card: args.card };
    },
    () => ({ action: 'pipeline.card-changed', objectType: 'pipeline', objectId: args.pipelineId, details: { cardSha256: cardSha256(args.card) } }),
  );
}

/** The card pinned with a version (null: published before cards existed, or imported without one). */
export async function getVersionCardDto(deps: Reader, versionId: string) {
  const v = await requireVersion(deps, versionId);
  const card = (await getVersionCard(deps.db, v.id)) ?? null;
  return { versionId: v.id, card };
}
