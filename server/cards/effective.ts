import { cardFromContract, EMPTY_CARD, type ModelCard } from '../../domain/cards/card';
import type { DbOrTx } from '../../drizzle/client';
import type { ModelRow } from '../models/repo';
import { getWorkspaceCard } from './repo';

/** Where a model's card comes from: this workspace's edit, the file's `metadata_props`, its input contract, or nothing yet. */
export type CardSource = 'workspace' | 'file' | 'contract' | 'empty';

/** The card a workspace sees for a model: its own edit, else what the file carries (prefilled at registration). */
export async function effectiveModelCard(db: DbOrTx, workspaceId: string, model: ModelRow): Promise<{ card: ModelCard; source: CardSource }> {
  const own = await getWorkspaceCard(db, workspaceId, model.sha256);
  if (own) return { card: own, source: 'workspace' };
  if (model.signature.card) return { card: model.signature.card, source: 'file' };
  if (model.signature.contract) return { card: cardFromContract(model.signature.contract), source: 'contract' };
  return { card: { ...EMPTY_CARD, inputContract: {} }, source: 'empty' };
}
