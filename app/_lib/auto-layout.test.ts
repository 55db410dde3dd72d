import { beforeEach, describe, expect, it } from 'vitest';
import { layeredLayout } from './auto-layout';
import { useEditor } from './editor-store';
import { NODE_H, NODE_W } from './layout';

const empty = { schema: 'studio.pipeline/v1' as const, name: 'P', description: '', nodes: [], edges: [] };

describe('auto-layout (dagre, left to right)', () => {
  beforeEach(() => useEditor.getState().load(empty));

  it('puts every node right of its sources, with no two nodes overlapping', () => {
    // in -> norm -> model -> argmax -> out, and model -> volumes (a branch), all stacked at 0,0.
    const ids = ['in', 'norm', 'model', 'argmax', 'out', 'volumes'];
    const nodes = ids.map((id) => ({ id, position: { x: 0, y: 0 }, measured: { width: NODE_W, height: NODE_H } }));
    const edges = [['in', 'norm'], ['norm', 'model'], ['model', 'argmax'], ['argmax', 'out'], ['model', 'volumes']].map(([source, target]) => ({ source, target }));
    const at = layeredLayout(nodes, edges);
    for (const e of edges) expect(at.get(e.target)!.x).toBeGreaterThanOrEqual(at.get(e.source)!.x + NODE_W);
    const boxes = ids.map((id) => at.get(id)!);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        expect(a.x + NODE_W <= b.x || b.x + NODE_W <= a.x || a.y + NODE_H <= b.y || b.y + NODE_H <= a.y).toBe(true);
      }
    }
    // The two children of the model share a layer, one above the other.
    expect(at.get('argmax')!.x).toBe(at.get('volumes')!.x);
  });

  it('is one undoable edit in the editor store', () => {
    const s = useEditor.getState();
    const a = s.addNode('input.nifti', 1, {}, { x: 0, y: 0 });
    const b = useEditor.getState().addNode('pre.normalize', 1, {}, { x: 0, y: 0 });
    useEditor.getState().connect({ source: a, sourceHandle: 'volume', target: b, targetHandle: 'volume' });
    const { nodes, edges } = useEditor.getState();
    useEditor.getState().moveNodes(layeredLayout(nodes, edges));
    expect(useEditor.getState().nodes.find((n) => n.id === b)!.position.x).toBeGreaterThan(useEditor.getState().nodes.find((n) => n.id === a)!.position.x);
    useEditor.getState().undo();
    expect(useEditor.getState().nodes.map((n) => n.position)).toEqual([{ x: 0, y: 0 }, { x: 0, y: 0 }]);
    useEditor.getState().redo();
    expect(useEditor.getState().nodes.find((n) => n.id === b)!.position.x).toBeGreaterThan(0);
  });
});
