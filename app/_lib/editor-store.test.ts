import { beforeEach, describe, expect, it } from 'vitest';
import { useEditor } from './editor-store';

const empty = { schema: 'studio.pipeline/v1' as const, name: 'P', description: '', nodes: [], edges: [] };

describe('editor store', () => {
  beforeEach(() => useEditor.getState().load(empty));

  it('adds, connects, undoes and redoes', () => {
    const s = useEditor.getState();
    const a = s.addNode('input.nifti', 1, {}, { x: 0, y: 0 });
    const b = useEditor.getState().addNode('pre.normalize', 1, { method: 'min-max' }, { x: 200, y: 0 });
    useEditor.getState().connect({ source: a, sourceHandle: 'volume', target: b, targetHandle: 'volume' });
    expect(useEditor.getState().graph().edges).toHaveLength(1);
    useEditor.getState().undo();
    expect(useEditor.getState().graph().edges).toHaveLength(0);
    useEditor.getState().undo();
    expect(useEditor.getState().nodes.map((n) => n.id)).toEqual([a]);
    useEditor.getState().redo();
    useEditor.getState().redo();
    expect(useEditor.getState().graph().edges[0]!.target).toEqual({ node: b, port: 'volume' });
  });

  it('coalesces typing in one field into one undo step and removes selection with its edges', () => {
    const id = useEditor.getState().addNode('pre.normalize', 1, {}, { x: 0, y: 0 });
    for (const w of [1, 12, 123]) useEditor.getState().updateNode(id, { params: { windowWidth: w } });
    useEditor.getState().undo();
    expect(useEditor.getState().nodes[0]!.data.params).toEqual({});
    useEditor.getState().redo();
    useEditor.getState().select(id);
    useEditor.getState().removeSelected();
    expect(useEditor.getState().nodes).toHaveLength(0);
  });
});
