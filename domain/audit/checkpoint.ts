import { z } from 'zod';
import { canonicalJson } from '../versioning/canonical';
import type { ChainKey } from './chain';

/**
 * A checkpoint: the chain head at one moment (last id and hash, number of events, first keyed
 * id), MAC'd with the chain key and kept outside the database. The database alone cannot then
 * shrink the chain (truncate the newest events, wipe it) or swap a prefix without it showing.
 */
export const CheckpointSchema = z.object({
  version: z.literal(1),
  at: z.string(),
  lastId: z.number().int().positive().nullable(),
  lastHash: z.string(),
  count: z.number().int().nonnegative(),
  /** Id of the first keyed event (null: none yet); events from here on must be keyed. */
  firstKeyedId: z.number().int().positive().nullable(),
  keyId: z.string(),
  mac: z.string(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;
export type CheckpointHead = Omit<Checkpoint, 'version' | 'keyId' | 'mac'>;

const content = (c: Omit<Checkpoint, 'mac'>) => canonicalJson({ kind: 'studio.audit-checkpoint', ...c });

export async function signCheckpoint(key: ChainKey, head: CheckpointHead): Promise<Checkpoint> {
  const body = { version: 1 as const, ...head, keyId: key.id };
  return { ...body, mac: await key.mac(content(body)) };
}

/** True when `c` was signed with `key` and is unchanged. */
export async function checkpointValid(key: ChainKey, c: Checkpoint): Promise<boolean> {
  if (c.keyId !== key.id) return false;
  const { mac, ...body } = c;
  return (await key.mac(content(body))) === mac;
}

/** One disagreement between the chain and a checkpoint; `missing` is the id range that is gone. */
export interface CheckpointFailure {
  code: 'CHAIN_WIPED' | 'CHAIN_TRUNCATED' | 'CHECKPOINT_EVENT_MISSING' | 'CHECKPOINT_HASH_MISMATCH' | 'CHECKPOINT_COUNT_MISMATCH';
  checkpointAt: string;
  message: string;
  id?: number;
  missing?: { fromId: number; toId: number };
}

/**
 * Compares a verified chain, streamed in ascending id order, with checkpoints: each checkpoint's
 * last id must be in the chain with its hash and the same number of events up to it. Feed
 * every event with `event`, then call `end` with the chain's head.
 */
export function checkpointMatcher(checkpoints: Checkpoint[]) {
  const pending = checkpoints.filter((c) => c.lastId !== null).sort((a, b) => a.lastId! - b.lastId!);
  const failures: CheckpointFailure[] = [];
  let i = 0;
  let seen = 0;
  let prevId = 0;
  return {
    failures,
    event(id: number, hash: string) {
      seen++;
      for (; i < pending.length && pending[i].lastId! <= id; i++) {
        const c = pending[i];
        if (c.lastId! < id) {
          failures.push({ code: 'CHECKPOINT_EVENT_MISSING', checkpointAt: c.at, id: c.lastId!, missing: { fromId: prevId + 1, toId: id - 1 }, message: `checkpoint head #${c.lastId} is not in the chain (ids ${prevId + 1}..${id - 1} missing)` });
        } else if (c.lastHash !== hash) {
          failures.push({ code: 'CHECKPOINT_HASH_MISMATCH', checkpointAt: c.at, id, message: `event #${id} differs from checkpoint of ${c.at}` });
        } else if (c.count !== seen) {
          failures.push({ code: 'CHECKPOINT_COUNT_MISMATCH', checkpointAt: c.at, id, message: `${seen} events up to #${id}, checkpoint of ${c.at} counted ${c.count}` });
        }
      }
      prevId = id;
    },
    end(headId: number | null) {
      for (; i < pending.length; i++) {
        const c = pending[i];
        const missing = { fromId: (headId ?? 0) + 1, toId: c.lastId! };
        failures.push(
          headId === null
            ? { code: 'CHAIN_WIPED', checkpointAt: c.at, missing, message: `the chain is empty; checkpoint of ${c.at} had ${c.count} events up to #${c.lastId}` }
            : { code: 'CHAIN_TRUNCATED', checkpointAt: c.at, missing, message: `the chain ends at #${headId}; checkpoint of ${c.at} reached #${c.lastId}` },
        );
      }
      return failures;
    },
  };
}
