import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { auditMac, type ChainKey } from '../../domain/audit/chain';
import { CheckpointSchema, checkpointValid, signCheckpoint, type Checkpoint } from '../../domain/audit/checkpoint';
import { GENESIS_HASH } from '../../domain/audit/events';
import type { Db } from '../../drizzle/client';
import { ServiceError } from '../errors';
import { auditHead, lockAuditChain, toStoredEvent } from './repo';

/**
 * Signed checkpoints of the audit chain head, one JSON file each, written with `wx` (never
 * overwritten) under a directory outside the database. Point the directory at storage the
 * database's administrators cannot rewrite (another host, a WORM bucket mount) to get the full benefit.
 */
export async function writeCheckpoint(db: Db, key: ChainKey, dir: string, now = new Date(), unlessHeadIs?: Checkpoint): Promise<{ checkpoint: Checkpoint; file: string | null }> {
  // Under the chain lock: the head, count and first keyed id describe one instant of the chain.
  const head = await db.transaction(async (tx) => {
    await lockAuditChain(tx);
    return auditHead(tx);
  });
  const last = head.last ? toStoredEvent(head.last) : undefined;
  // Never certify a head we cannot vouch for (an appended forgery would otherwise be anchored).
  if (last && last.keyId !== null && (last.keyId !== key.id || (await auditMac(key, last)) !== last.hash)) {
    throw new ServiceError('AUDIT_CHAIN_BROKEN', `The newest audit event #${last.id} does not carry this studio's MAC; run \`studio audit verify\``);
  }
  if (unlessHeadIs && unlessHeadIs.lastId === (last?.id ?? null) && unlessHeadIs.count === head.count) return { checkpoint: unlessHeadIs, file: null };
  const checkpoint = await signCheckpoint(key, { at: now.toISOString(), lastId: last?.id ?? null, lastHash: last?.hash ?? GENESIS_HASH, count: head.count, firstKeyedId: head.firstKeyedId });
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `checkpoint-${String(last?.id ?? 0).padStart(12, '0')}-${now.toISOString().replace(/[:.]/g, '')}.json`);
  await writeFile(file, `${JSON.stringify(checkpoint)}\n`, { flag: 'wx', mode: 0o640 });
  return { checkpoint, file };
}

export interface CheckpointRead {
  valid: Checkpoint[];
  /** Files that do not parse or whose MAC fails (a forged or damaged checkpoint). */
  invalid: { file: string; message: string }[];
}

/** Every checkpoint file in `dir` (none when it does not exist yet). */
export async function readCheckpoints(key: ChainKey, dir: string): Promise<CheckpointRead> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  const out: CheckpointRead = { valid: [], invalid: [] };
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const parsed = CheckpointSchema.safeParse(await readFile(path.join(dir, name), 'utf8').then(JSON.parse).catch(() => null));
    if (!parsed.success) out.invalid.push({ file: name, message: 'not a checkpoint' });
    else if (!(await checkpointValid(key, parsed.data))) out.invalid.push({ file: name, message: parsed.data.keyId === key.id ? 'MAC mismatch' : `signed with another key (${parsed.data.keyId})` });
    else out.valid.push(parsed.data);
  }
  return out;
}
