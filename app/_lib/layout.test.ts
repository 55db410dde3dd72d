import { describe, expect, it } from 'vitest';
import { freeSpot } from './layout';

describe('freeSpot', () => {
  it('keeps the wanted point when it is free', () => {
    expect(freeSpot([], { x: 10, y: 20 })).toEqual({ x: 10, y: 20 });
  });
  it('moves away from an occupied point so nodes never stack', () => {
    const nodes = [{ position: { x: 0, y: 0 }, measured: { width: 208, height: 100 } }];
    const p = freeSpot(nodes, { x: 0, y: 0 });
    expect(p).not.toEqual({ x: 0, y: 0 });
    expect(freeSpot([...nodes, { position: p }], { x: 0, y: 0 })).not.toEqual(p);
  });
});
