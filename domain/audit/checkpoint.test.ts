import { describe, expect, it } from 'vitest';
import { chainKey } from './chain';
import { checkpointMatcher, checkpointValid, signCheckpoint } from './checkpoint';

const key = () => chainKey('c'.repeat(32));
const cp = (lastId: number, lastHash: string, count: number) => signCheckpoint({ id: 'k', mac: async () => 'm' }, { at: `t${lastId}`, lastId, lastHash, count, firstKeyedId: 1 });
const feed = async (events: [number, string][], cps: Awaited<ReturnType<typeof cp>>[]) => {
  const m = checkpointMatcher(cps);
  for (const [id, h] of events) m.event(id, h);
  return m.end(events.at(-1)?.[0] ?? null);
};

describe('audit checkpoints (security)', () => {
  it('are MAC\'d: an edited checkpoint or one signed with another key is invalid', async () => {
    const k = await key();
    const c = await signCheckpoint(k, { at: '2026-01-01T00:00:00.000Z', lastId: 5, lastHash: 'a'.repeat(64), count: 5, firstKeyedId: 1 });
    expect(await checkpointValid(k, c)).toBe(true);
    expect(await checkpointValid(k, { ...c, lastId: 3 })).toBe(false);
    expect(await checkpointValid(await chainKey('d'.repeat(32)), c)).toBe(false);
  });

  it('finds truncation, wipe, a missing head, a different hash and a different count', async () => {
    const chain: [number, string][] = [[1, 'h1'], [2, 'h2'], [3, 'h3'], [4, 'h4']];
    expect(await feed(chain, [await cp(2, 'h2', 2), await cp(4, 'h4', 4)])).toEqual([]);
    expect(await feed(chain.slice(0, 2), [await cp(4, 'h4', 4)])).toMatchObject([{ code: 'CHAIN_TRUNCATED', missing: { fromId: 3, toId: 4 } }]);
    expect(await feed([], [await cp(4, 'h4', 4)])).toMatchObject([{ code: 'CHAIN_WIPED', missing: { fromId: 1, toId: 4 } }]);
    expect(await feed([[1, 'h1'], [4, 'h4']], [await cp(2, 'h2', 2)])).toMatchObject([{ code: 'CHECKPOINT_EVENT_MISSING', id: 2, missing: { fromId: 2, toId: 3 } }]);
    expect(await feed(chain, [await cp(3, 'hX', 3)])).toMatchObject([{ code: 'CHECKPOINT_HASH_MISMATCH', id: 3 }]);
    expect(await feed(chain, [await cp(3, 'h3', 4)])).toMatchObject([{ code: 'CHECKPOINT_COUNT_MISMATCH', id: 3 }]);
  });
});
