/** Where a new node goes: the wanted point if free, else the nearest point where it overlaps no node. */
export interface Box {
  position: { x: number; y: number };
  measured?: { width?: number; height?: number };
}

/** px: a node's size before React Flow has measured it (w-52 card, typical height). */
export const NODE_W = 208;
export const NODE_H = 110;
/** px of air kept around every node. */
const GAP = 16;
/** Candidate points lie on a grid of this pitch (px) around the wanted point, up to RINGS steps away. */
const STEP = 16;
const RINGS = 60;

const overlaps = (p: { x: number; y: number }, n: Box) => {
  const w = n.measured?.width ?? NODE_W;
  const h = n.measured?.height ?? NODE_H;
  return p.x < n.position.x + w + GAP && p.x + NODE_W + GAP > n.position.x && p.y < n.position.y + h + GAP && p.y + NODE_H + GAP > n.position.y;
};

/**
 * The free position nearest to `want` (Euclidean, on a 16 px grid around it, within ~1000 px) for
 * a node of the default size. Bounded: (2*RINGS+1)^2 candidates, each checked against the nodes.
 */
export function freeSpot(nodes: Box[], want: { x: number; y: number }): { x: number; y: number } {
  if (!nodes.some((n) => overlaps(want, n))) return want;
  const offsets: [number, number][] = [];
  for (let i = -RINGS; i <= RINGS; i++) for (let j = -RINGS; j <= RINGS; j++) offsets.push([i, j]);
  offsets.sort((a, b) => a[0] ** 2 + a[1] ** 2 - (b[0] ** 2 + b[1] ** 2));
  for (const [i, j] of offsets) {
    const p = { x: want.x + i * STEP, y: want.y + j * STEP };
    if (!nodes.some((n) => overlaps(p, n))) return p;
  }
  return want;
}
