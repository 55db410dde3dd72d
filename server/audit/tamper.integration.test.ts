import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditHash, auditMac, chainKey, type ChainKey } from '../../domain/audit/chain';
import { GENESIS_HASH, type StoredAuditEvent } from '../../domain/audit/events';
import { auditEvents } from '../../drizzle/schema';
import { createTestDatabase, type TestDatabase } from '../../drizzle/test-db';
import { studio } from '../../test/studio-cli';
import { toStoredEvent } from './repo';
import { recordAudit } from './service';
import { writeCheckpoint } from './checkpoint';
import { auditKey, auditSecret } from './key';
import { verifyAudit } from './verify';

/**
 * Tampering as a superuser with triggers disabled (session_replication_role = replica), the way
 * an attacker with the database but without the chain key would: every kind is detected, with the
 * first bad event (or the missing id range) named. Each case restores the original rows after.
 */
describe('audit tampering is detected (security, real PostgreSQL)', () => {
  let t: TestDatabase;
  let su: postgres.Sql;
  let key: ChainKey;
  let cpDir: string;
  let ids: number[];
  const wrongKey = () => chainKey('attacker-guess-'.padEnd(40, 'x'));

  beforeAll(async () => {
    t = await createTestDatabase();
    su = postgres(t.url, { max: 1, onnotice: () => {} });
    key = await auditKey();
    cpDir = mkdtempSync(path.join(os.tmpdir(), 'studio-audit-cp-'));
    // Two legacy events (plain SHA-256, key_id null, before this change), then keyed ones in two workspaces.
    let prevHash = GENESIS_HASH;
    for (const [i, at] of ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z'].entries()) {
      const e = { actor: { type: 'system' as const, id: 'studio' }, action: 'draft.saved' as const, objectType: 'pipeline' as const, objectId: `pl_${i}`, details: {}, origin: {}, at, prevHash };
      const hash = await auditHash(e);
      await su`insert into audit_events (at, actor, action, object_type, object_id, details, origin, prev_hash, hash) values (${at}, ${su.json(e.actor)}, ${e.action}, ${e.objectType}, ${e.objectId}, '{}', '{}', ${prevHash}, ${hash})`;
      prevHash = hash;
    }
    for (let i = 0; i < 6; i++) {
      const ws = i % 2 ? 'ws_b' : 'ws_default';
      await recordAudit({ db: t.db, audit: { actor: { type: 'user', id: `u${i}` }, origin: { workspaceId: ws } } }, { action: 'result.viewed', objectType: 'scan', objectId: `scan_${i}` });
    }
    await writeCheckpoint(t.db, key, cpDir);
    await su`create table audit_snapshot as select * from audit_events`;
    ids = (await rows()).map((r) => r.id);
  });
  afterEach(async () => {
    await asSuperuser(async (tx) => {
      await tx`delete from audit_events`;
      await tx`insert into audit_events overriding system value select * from audit_snapshot`;
    });
    for (const f of readdirSync(cpDir).filter((n) => n.startsWith('forged'))) rmSync(path.join(cpDir, f));
  });
  afterAll(async () => {
    await su?.end({ timeout: 5 });
    await t?.drop();
    if (cpDir) rmSync(cpDir, { recursive: true, force: true });
  });

  const rows = async (): Promise<StoredAuditEvent[]> => (await t.db.select().from(auditEvents).orderBy(auditEvents.id)).map(toStoredEvent);
  const verify = () => verifyAudit(t.db, key, cpDir);
  const asSuperuser = (fn: (tx: postgres.TransactionSql) => Promise<unknown>) =>
    su.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await fn(tx);
    });
  /** Rewrites every event from `fromId` on so the links hold again: with the legacy hash (key_id null) or a guessed key. */
  const rechain = async (fromId: number, how: 'legacy' | ChainKey) => {
    const all = await rows();
    let prevHash = all.filter((e) => e.id < fromId).at(-1)?.hash ?? GENESIS_HASH;
    await asSuperuser(async (tx) => {
      for (const e of all.filter((x) => x.id >= fromId)) {
        const keyId = how === 'legacy' ? null : key.id; // a guessed key still claims the real key id
        const hash = how === 'legacy' ? await auditHash({ ...e, prevHash }) : await auditMac({ id: key.id, mac: how.mac }, { ...e, prevHash });
        await tx`update audit_events set prev_hash = ${prevHash}, hash = ${hash}, key_id = ${keyId} where id = ${e.id}`;
        prevHash = hash;
      }
    });
  };
  const cli = () => studio(['audit', 'verify', '--json'], { DATABASE_URL: t.url, STUDIO_AUDIT_KEY: auditSecret(), STUDIO_AUDIT_CHECKPOINT_DIR: cpDir });

  it('verifies the intact chain: legacy events, then keyed ones chained onto them, against the checkpoint', async () => {
    const all = await rows();
    expect(all.map((e) => e.keyId)).toEqual([null, null, ...Array(6).fill(key.id)]);
    expect(all[2].prevHash).toBe(all[1].hash);
    expect(await verify()).toMatchObject({ ok: true, checked: 8, failures: [], checkpoints: { valid: 1, invalid: 0 } });
  });

  it('an edited event re-chained with the old unkeyed hash or with a guessed key: the edited event is named', async () => {
    const target = ids[4];
    await asSuperuser((tx) => tx`update audit_events set details = '{"forged":true}' where id = ${target}`);
    await rechain(target, 'legacy');
    expect((await verify()).firstBroken).toMatchObject({ id: target, code: 'UNKEYED_AFTER_KEYED' });
    await rechain(target, await wrongKey());
    expect(await verify()).toMatchObject({ ok: false, firstBroken: { id: target, code: 'EVENT_MAC_MISMATCH' } });
    const r = await cli();
    expect(r.code).toBe(1);
    expect(r.json.failures[0]).toMatchObject({ code: 'EVENT_MAC_MISMATCH', id: target });
  });

  it('a deleted event: named as a missing range, and when re-chained the first re-chained event is named', async () => {
    const gone = ids[3];
    await asSuperuser((tx) => tx`delete from audit_events where id = ${gone}`);
    expect((await verify()).failures[0]).toMatchObject({ code: 'EVENTS_MISSING', id: ids[4], missing: { fromId: gone, toId: gone } });
    await rechain(ids[4], await wrongKey());
    expect((await verify()).firstBroken).toMatchObject({ id: ids[4], code: 'EVENT_MAC_MISMATCH' });
    await rechain(ids[4], 'legacy');
    expect((await verify()).firstBroken).toMatchObject({ id: ids[4], code: 'UNKEYED_AFTER_KEYED' });
  });

  it('truncation of the newest events: the missing range up to the checkpoint, also after new appends', async () => {
    await asSuperuser((tx) => tx`delete from audit_events where id >= ${ids[6]}`);
    const v = await verify();
    expect(v).toMatchObject({ ok: false, firstBroken: null, failures: [{ code: 'CHAIN_TRUNCATED', missing: { fromId: ids[6], toId: ids[7] } }] });
    // The studio keeps appending onto the shortened chain: the checkpoint's head is still missing.
    await recordAudit({ db: t.db }, { action: 'result.viewed', objectType: 'scan', objectId: 'after' });
    expect((await verify()).failures).toMatchObject([{ code: 'CHECKPOINT_EVENT_MISSING', id: ids[7], missing: { fromId: ids[6] } }]);
    const r = await cli();
    expect([r.code, r.json.failures[0].code]).toEqual([1, 'CHECKPOINT_EVENT_MISSING']);
  });

  it('a wipe of all events', async () => {
    await asSuperuser((tx) => tx`delete from audit_events`);
    expect(await verify()).toMatchObject({ ok: false, checked: 0, failures: [{ code: 'CHAIN_WIPED', missing: { fromId: 1, toId: ids[7] } }] });
    const r = await cli();
    expect([r.code, r.json.failures[0].code]).toEqual([1, 'CHAIN_WIPED']);
  });

  it('an appended forged event (legacy hash, guessed key, unknown key id) is named', async () => {
    const last = (await rows()).at(-1)!;
    const forged = { ...last, objectId: 'forged', at: new Date().toISOString(), prevHash: last.hash };
    const append = (hash: string, keyId: string | null) =>
      asSuperuser((tx) => tx`insert into audit_events (at, actor, action, object_type, object_id, details, origin, prev_hash, hash, key_id, workspace_id) values (${forged.at}, ${tx.json(forged.actor)}, ${forged.action}, 'scan', 'forged', '{}', '{}', ${forged.prevHash}, ${hash}, ${keyId}, 'ws_b')`);
    await append(await auditHash(forged), null);
    const forgedId = (await rows()).at(-1)!.id;
    expect((await verify()).firstBroken).toMatchObject({ id: forgedId, code: 'UNKEYED_AFTER_KEYED' });
    await asSuperuser((tx) => tx`delete from audit_events where id = ${forgedId}`);
    await append(await auditMac({ id: key.id, mac: (await wrongKey()).mac }, { ...forged, workspaceId: 'ws_b' }), key.id);
    expect((await verify()).firstBroken).toMatchObject({ code: 'EVENT_MAC_MISMATCH' });
    await asSuperuser((tx) => tx`update audit_events set key_id = 'feedfacefeedface' where object_id = 'forged'`);
    expect((await verify()).firstBroken).toMatchObject({ code: 'UNKNOWN_KEY' });
  });

  it('the whole chain rewritten with the public legacy hash: caught by the checkpoint at the first keyed event', async () => {
    await rechain(ids[0], 'legacy');
    expect((await verify()).firstBroken).toMatchObject({ id: ids[2], code: 'UNKEYED_AFTER_KEYED' });
  });

  it('a forged or edited checkpoint file is reported, and a checkpoint refuses to anchor a forged head', async () => {
    const [file] = readdirSync(cpDir);
    const cp = JSON.parse(readFileSync(path.join(cpDir, file), 'utf8'));
    writeFileSync(path.join(cpDir, 'forged-1.json'), JSON.stringify({ ...cp, lastId: ids[5], count: 6 }));
    expect((await verify()).failures).toMatchObject([{ code: 'CHECKPOINT_INVALID', checkpoint: 'forged-1.json' }]);
    const last = (await rows()).at(-1)!;
    await asSuperuser((tx) => tx`update audit_events set details = '{"x":1}' where id = ${last.id}`);
    await expect(writeCheckpoint(t.db, key, cpDir)).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN' });
  });
});
