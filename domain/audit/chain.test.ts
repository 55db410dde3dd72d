import { describe, expect, it } from 'vitest';
import { auditHash, auditMac, chainKey, chainStart, checkChain, type ChainKey } from './chain';
import { GENESIS_HASH, type AuditEventInput, type StoredAuditEvent } from './events';
import { assertSafeDetails } from './sanitize';

const base: AuditEventInput = {
  actor: { type: 'user', id: 'demo-admin' },
  action: 'draft.saved',
  objectType: 'pipeline',
  objectId: 'pl_1',
  details: { nodes: 3, edges: 2 },
  origin: { ip: '127.0.0.1' },
  workspaceId: 'ws_a',
};

/** A valid chain of n events with ids 1..n: legacy (plain SHA-256) without a key, else MAC'd; `from` continues a chain. */
async function chain(n: number, key: ChainKey | null = null, from: StoredAuditEvent[] = []): Promise<StoredAuditEvent[]> {
  const out = [...from];
  let prevHash = from.at(-1)?.hash ?? GENESIS_HASH;
  for (let i = from.length + 1; i <= from.length + n; i++) {
    const e = { ...base, objectId: `pl_${i}`, at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), prevHash };
    const hash = key ? await auditMac(key, e) : await auditHash(e);
    out.push({ ...e, id: i, hash, keyId: key?.id ?? null });
    prevHash = hash;
  }
  return out;
}

describe('audit hash', () => {
  it('is sha256 hex of the canonical JSON, independent of key order', async () => {
    const e = { ...base, at: '2026-01-01T00:00:00.000Z', prevHash: GENESIS_HASH };
    const h = await auditHash(e);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    const reordered = { origin: e.origin, details: { edges: 2, nodes: 3 }, objectId: e.objectId, objectType: e.objectType, action: e.action, actor: { id: 'demo-admin', type: 'user' as const }, prevHash: e.prevHash, at: e.at };
    expect(await auditHash(reordered)).toBe(h);
  });

  it('changes with every hashed field', async () => {
    const e = { ...base, at: '2026-01-01T00:00:00.000Z', prevHash: GENESIS_HASH };
    const h = await auditHash(e);
    const variants = [
      { ...e, prevHash: '1'.repeat(64) },
      { ...e, at: '2026-01-01T00:00:00.001Z' },
      { ...e, actor: { type: 'cli' as const, id: 'demo-admin' } },
      { ...e, action: 'version.published' as const },
      { ...e, objectType: null },
      { ...e, objectId: 'pl_2' },
      { ...e, details: { nodes: 4, edges: 2 } },
      { ...e, origin: {} },
    ];
    const hashes = await Promise.all(variants.map(auditHash));
    for (const v of hashes) expect(v).not.toBe(h);
    expect(new Set(hashes).size).toBe(variants.length);
  });

  it('refuses values with no canonical JSON form (typed arrays: no pixel data)', async () => {
    const e = { ...base, details: { pixels: new Uint8Array(4) }, at: '2026-01-01T00:00:00.000Z', prevHash: GENESIS_HASH };
    await expect(auditHash(e)).rejects.toThrow(/canonical JSON/);
  });
});

describe('checkChain', () => {
  it('accepts an intact chain and resumes across batches', async () => {
    const events = await chain(5);
    const first = await checkChain(events.slice(0, 2), chainStart(), null);
    expect(first.broken).toBeNull();
    const rest = await checkChain(events.slice(2), first.cursor, null);
    expect(rest).toEqual({ broken: null, cursor: { prevId: 5, prevHash: events[4].hash, keyed: false } });
  });

  it('reports an edited event as hash-mismatch at its id, the following link stays intact', async () => {
    const events = await chain(4);
    events[1] = { ...events[1], details: { nodes: 99, edges: 2 } };
    const { broken } = await checkChain(events, chainStart(), null);
    expect(broken).toMatchObject({ id: 2, reason: 'hash-mismatch', actual: events[1].hash });
  });

  it('reports a removed event as missing-link on the next id', async () => {
    const events = await chain(4);
    const { broken } = await checkChain([events[0], events[2], events[3]], chainStart(), null);
    expect(broken).toMatchObject({ id: 3, reason: 'missing-link', expected: events[0].hash, actual: events[1].hash });
  });

  it('reports a removed first event and a rewritten prevHash', async () => {
    const events = await chain(3);
    expect((await checkChain(events.slice(1), chainStart(), null)).broken).toMatchObject({ id: 2, reason: 'missing-link' });
    // prevHash rewritten and the hash recomputed to match: the link still breaks.
    const forged = { ...events[1], prevHash: 'f'.repeat(64) };
    forged.hash = await auditHash(forged);
    expect((await checkChain([events[0], forged, events[2]], chainStart(), null)).broken).toMatchObject({ id: 2, reason: 'prev-mismatch' });
  });

  it('tolerates id gaps of rolled-back transactions when the links hold', async () => {
    const events = await chain(3);
    const gapped = events.map((e, i) => ({ ...e, id: [1, 4, 9][i] }));
    expect((await checkChain(gapped, chainStart(), null)).broken).toBeNull();
  });
});

describe('keyed chain (security)', () => {
  const secret = 'k'.repeat(32);
  it('continues a legacy chain with MAC\'d events and verifies only with the key', async () => {
    const key = await chainKey(secret);
    expect(key.id).toMatch(/^[0-9a-f]{16}$/);
    const events = await chain(3, key, await chain(2));
    expect(events[2].prevHash).toBe(events[1].hash); // the first keyed event chains onto the last legacy hash
    expect((await checkChain(events, chainStart(), key)).broken).toBeNull();
    expect((await checkChain(events, chainStart(), await chainKey('x'.repeat(32)))).broken).toMatchObject({ id: 3, reason: 'unknown-key', code: 'UNKNOWN_KEY' });
  });

  it('covers the workspace: moving an event to another workspace fails its MAC', async () => {
    const key = await chainKey(secret);
    const events = await chain(2, key);
    events[1] = { ...events[1], workspaceId: 'ws_b' };
    expect((await checkChain(events, chainStart(), key)).broken).toMatchObject({ id: 2, reason: 'mac-mismatch', code: 'EVENT_MAC_MISMATCH' });
  });

  it('names the first event re-chained with a wrong key or with the legacy hash', async () => {
    const key = await chainKey(secret);
    const good = await chain(4, key);
    const wrongKey = await chainKey('w'.repeat(32));
    const rechained = await chain(2, { id: key.id, mac: wrongKey.mac }, good.slice(0, 2));
    expect((await checkChain(rechained, chainStart(), key)).broken).toMatchObject({ id: 3, reason: 'mac-mismatch' });
    const legacy = await chain(2, null, good.slice(0, 2));
    expect((await checkChain(legacy, chainStart(), key)).broken).toMatchObject({ id: 3, reason: 'unkeyed-after-keyed', code: 'UNKEYED_AFTER_KEYED' });
    // A whole chain rewritten with the public hash is caught when a checkpoint says where keying began.
    const allLegacy = await chain(4);
    expect((await checkChain(allLegacy, chainStart(), key)).broken).toBeNull();
    expect((await checkChain(allLegacy, chainStart(), key, 1)).broken).toMatchObject({ id: 1, reason: 'unkeyed-after-keyed' });
  });
});

describe('assertSafeDetails', () => {
  it('refuses patient keys at any depth and oversized details', () => {
    expect(() => assertSafeDetails({ scan: { PatientName: 'x' } })).toThrow(/patient data \(scan\.PatientName\)/);
    expect(() => assertSafeDetails({ patientBirthDate: '1970' })).toThrow(/patient data/);
    expect(() => assertSafeDetails({ blob: 'x'.repeat(5000) })).toThrow(/bytes \(max 4096\)/);
    expect(() => assertSafeDetails({ pixels: new Float32Array(2) })).toThrow(/canonical JSON/);
    expect(() => assertSafeDetails({ format: 'dicom', fileCount: 3 })).not.toThrow();
  });
});
