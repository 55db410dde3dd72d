import type { PipelineGraph } from '../../domain/graph/schema';
import { buildVersionCard, EMPTY_PIPELINE_CARD, type VersionCard } from '../../domain/cards/version-card';
import { modelRefsOf } from '../../domain/versioning/pins';
import type { DbOrTx } from '../../drizzle/client';
import { getModel } from '../models/repo';
import type { PipelineRow } from '../pipelines/repo';
import { listVersions, type VersionRow } from '../versions/repo';
import { effectiveModelCard } from './effective';
import { insertVersionCard } from './repo';

/**
 * Pins the card of a version being published, inside the publish transaction: the pipeline's card
 * as it is now, the cards of the models the graph pins (graph order, as this workspace sees
 * them) and the pipeline's versions so far, this one included (newest first). The version row
 * and its content hash are not touched: the card goes to `version_cards`.
 */
export async function pinVersionCard(tx: DbOrTx, args: { workspaceId: string; pipeline: PipelineRow; version: VersionRow; graph: PipelineGraph }): Promise<VersionCard> {
  const models: VersionCard['models'] = [];
  for (const sha256 of [...new Set(modelRefsOf(args.graph).map((r) => r.sha256))]) {
    const row = await getModel(tx, args.workspaceId, sha256);
    if (!row) continue; // publish refuses unregistered models before this point
    models.push({ sha256, name: row.name, card: (await effectiveModelCard(tx, args.workspaceId, row)).card });
  }
  const history = (await listVersions(tx, args.pipeline.id)).map((v) => ({ semver: v.semver, notes: v.notes, publishedAt: v.createdAt.toISOString() }));
  const card = buildVersionCard({
    pipeline: { name: args.pipeline.name, semver: args.version.semver, contentHash: args.version.contentHash },
    card: args.pipeline.card ?? EMPTY_PIPELINE_CARD,
    models,
    history,
  });
  await insertVersionCard(tx, args.version.id, card);
  return card;
}
