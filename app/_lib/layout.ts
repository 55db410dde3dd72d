/** Where a node added by click goes: the wanted point, moved down/right until it overlaps no node. */
export interface Box {
  position: { x: number; y: number };
  measured?: { width?: number; height?: number };
}

const W = 210; // px, node width (w-52) plus a little air
const H = 120; // px, typical node height
const GAP = 24;

export function freeSpot(nodes: Box[], want: { x: number; y: number }): { x: number; y: number } {
  const hits = (p: { x: number; y: number }) =>
    nodes.some((n) => {
      const w = n.measured?.width ?? W;
      const h = n.measured?.height ?? H;
      return p.x < n.position.x + w + GAP && p.x + W + GAP > n.position.x && p.y < n.position.y + h + GAP && p.y + H + GAP > n.position.y;
    });
  // Scan columns to the right, rows downward: the first free slot near the wanted point wins.
  for (let col = 0; col < 12; col++) {
    for (let row = 0; row < 6; row++) {
      const p = { x: want.x + col * (W + GAP), y: want.y + row * (H / 2 + GAP) };
      if (!hits(p)) return p;
    }
  }
  return want;
}
