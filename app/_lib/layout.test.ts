import { describe, expect, it } from 'vitest';
import { freeSpot, NODE_H, NODE_W, type Box } from './layout';

const box = (x: number, y: number, width = NODE_W, height = NODE_H): Box => ({ position: { x, y }, measured: { width, height } });
const disjoint = (a: Box, b: Box) =>
  a.position.x + (a.measured?.width ?? NODE_W) <= b.position.x ||
  b.position.x + (b.measured?.width ?? NODE_W) <= a.position.x ||
  a.position.y + (a.measured?.height ?? NODE_H) <= b.position.y ||
  b.position.y + (b.measured?.height ?? NODE_H) <= a.position.y;

describe('freeSpot', () => {
  it('keeps the wanted point when it is free', () => {
    expect(freeSpot([], { x: 10, y: 20 })).toEqual({ x: 10, y: 20 });
    expect(freeSpot([box(500, 500)], { x: 10, y: 20 })).toEqual({ x: 10, y: 20 });
  });

  it('a drop onto a node lands at the nearest free point, overlapping nothing', () => {
    const nodes = [box(0, 0)];
    const p = freeSpot(nodes, { x: 0, y: 10 });
    expect(disjoint(box(p.x, p.y), nodes[0])).toBe(true);
    // Nearest: the node is wider than tall, so moving vertically (below it) is the short way.
    expect(p.x).toBe(0);
    expect(p.y).toBeGreaterThanOrEqual(NODE_H);
    expect(p.y).toBeLessThanOrEqual(NODE_H + 32);
  });

  it('never stacks: repeated drops on one spot give pairwise disjoint nodes', () => {
    const nodes: Box[] = [box(0, 0), box(240, 0), box(0, 140, 208, 200)];
    for (let i = 0; i < 8; i++) {
      const p = freeSpot(nodes, { x: 60, y: 40 });
      nodes.push(box(p.x, p.y));
    }
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) expect(disjoint(nodes[i], nodes[j])).toBe(true);
  });

  it('prefers the nearer of two free sides', () => {
    // A column of nodes: a point slightly left of its middle leaves to the left, slightly right to the right.
    const nodes = [box(0, 0), box(0, -130), box(0, 130)];
    const left = freeSpot(nodes, { x: -20, y: 0 });
    expect(left.y).toBe(0);
    expect(left.x).toBeLessThanOrEqual(-NODE_W - 16);
    const right = freeSpot(nodes, { x: 20, y: 0 });
    expect(right.y).toBe(0);
    expect(right.x).toBeGreaterThanOrEqual(NODE_W + 16);
  });
});
