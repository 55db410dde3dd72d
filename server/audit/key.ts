import path from 'node:path';
import { chainKey, type ChainKey } from '../../domain/audit/chain';
import { dataDirSecret } from '../auth/secret';
import { env, type Env } from '../env';

/**
 * The audit chain's MAC secret: STUDIO_AUDIT_KEY when set, otherwise one random secret per data
 * directory (STUDIO_DATA_DIR/audit-key, mode 0600, created on first use), never in the database:
 * whoever can write the database but not read this secret cannot forge or re-chain events.
 */
export function auditSecret(e: Pick<Env, 'STUDIO_AUDIT_KEY' | 'STUDIO_DATA_DIR'> = env): string {
  return e.STUDIO_AUDIT_KEY || dataDirSecret(e.STUDIO_DATA_DIR, 'audit-key');
}

let cached: Promise<ChainKey> | undefined;
/** The process's chain key (one per process: the environment does not change). */
export const auditKey = (): Promise<ChainKey> => (cached ??= chainKey(auditSecret()));

/** Where checkpoints are written and read (STUDIO_AUDIT_CHECKPOINT_DIR, else STUDIO_DATA_DIR/audit-checkpoints). */
export const auditCheckpointDir = (e: Pick<Env, 'STUDIO_AUDIT_CHECKPOINT_DIR' | 'STUDIO_DATA_DIR'> = env): string =>
  e.STUDIO_AUDIT_CHECKPOINT_DIR ?? path.join(e.STUDIO_DATA_DIR, 'audit-checkpoints');
