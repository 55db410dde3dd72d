import { create } from 'zustand';
import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { PipelineGraph } from '../../domain/graph/schema';
import type { Issue } from '../../domain/validation/issue';
import { edgeId, flowToGraph, graphToFlow, newNodeId, type GraphMeta, type StudioEdge, type StudioNode } from './flow-mapping';

interface Snapshot {
  meta: GraphMeta;
  nodes: StudioNode[];
  edges: StudioEdge[];
}

interface EditorState extends Snapshot {
  past: Snapshot[];
  future: Snapshot[];
  /** Key of the last coalescing edit (typing in one field) so each keystroke is not an undo step. */
  lastEditKey: string | null;
  dirty: boolean;
  issues: Issue[];
  load(graph: PipelineGraph): void;
  graph(): PipelineGraph;
  /** Push the current state on the undo stack before a change. */
  checkpoint(editKey?: string): void;
  onNodesChange(changes: NodeChange<StudioNode>[]): void;
  onEdgesChange(changes: EdgeChange<StudioEdge>[]): void;
  connect(c: Connection): void;
  addNode(kind: string, version: number, params: Record<string, unknown>, position: { x: number; y: number }): string;
  updateNode(id: string, patch: { label?: string; params?: Record<string, unknown> }): void;
  /** Moves several nodes at once (auto-layout): one undo step. */
  moveNodes(positions: Map<string, { x: number; y: number }>): void;
  setMeta(meta: Partial<GraphMeta>): void;
  removeSelected(): void;
  select(id: string | null): void;
  undo(): void;
  redo(): void;
  setIssues(issues: Issue[]): void;
  markSaved(): void;
}

const HISTORY_LIMIT = 100;
const snap = (s: Snapshot): Snapshot => ({ meta: s.meta, nodes: s.nodes, edges: s.edges });

/** One editor store: graph (as React Flow shapes), selection, undo/redo history, issues. */
export const useEditor = create<EditorState>((set, get) => ({
  meta: { name: '', description: '' },
  nodes: [],
  edges: [],
  past: [],
  future: [],
  lastEditKey: null,
  dirty: false,
  issues: [],

  load(graph) {
    const { meta, nodes, edges } = graphToFlow(graph);
    set({ meta, nodes, edges, past: [], future: [], lastEditKey: null, dirty: false });
  },
  graph: () => flowToGraph(get().meta, get().nodes, get().edges),

  checkpoint(editKey) {
    const s = get();
    if (editKey && editKey === s.lastEditKey) return;
    set({ past: [...s.past, snap(s)].slice(-HISTORY_LIMIT), future: [], lastEditKey: editKey ?? null, dirty: true });
  },

  onNodesChange(changes) {
    // Removing is an undo step; drags checkpoint on drag start; selection/dimensions are not edits.
    if (changes.some((c) => c.type === 'remove')) get().checkpoint();
    const moved = changes.some((c) => c.type === 'position' || c.type === 'remove');
    set((s) => ({ nodes: applyNodeChanges(changes, s.nodes), dirty: s.dirty || moved }));
  },
  onEdgesChange(changes) {
    if (changes.some((c) => c.type === 'remove')) get().checkpoint();
    set((s) => ({ edges: applyEdgeChanges(changes, s.edges) }));
  },
  connect(c) {
    if (!c.sourceHandle || !c.targetHandle) return;
    get().checkpoint();
    const taken = new Set(get().edges.map((e) => e.id));
    let id = edgeId(c.source, c.sourceHandle, c.target, c.targetHandle);
    for (let i = 2; taken.has(id); i++) id = `${id.slice(0, 60)}-${i}`;
    set((s) => ({ edges: addEdge({ ...c, id }, s.edges) }));
  },
  addNode(kind, version, params, position) {
    get().checkpoint();
    const id = newNodeId(kind, get().nodes.map((n) => n.id));
    const node: StudioNode = { id, type: 'studio', position, data: { kind, version, params }, selected: true };
    set((s) => ({ nodes: [...s.nodes.map((n) => ({ ...n, selected: false })), node] }));
    return id;
  },
  updateNode(id, patch) {
    get().checkpoint(`node:${id}:${Object.keys(patch).join(',')}`);
    set((s) => ({ nodes: s.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n)) }));
  },
  moveNodes(positions) {
    if (![...positions.keys()].some((id) => get().nodes.some((n) => n.id === id))) return;
    get().checkpoint();
    set((s) => ({ nodes: s.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) }));
  },
  setMeta(meta) {
    get().checkpoint(`meta:${Object.keys(meta).join(',')}`);
    set((s) => ({ meta: { ...s.meta, ...meta } }));
  },
  removeSelected() {
    const s = get();
    const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
    const edges = s.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
    if (gone.size === 0 && edges.length === s.edges.length) return;
    s.checkpoint();
    set({ nodes: s.nodes.filter((n) => !gone.has(n.id)), edges });
  },
  select(id) {
    set((s) => ({ nodes: s.nodes.map((n) => ({ ...n, selected: n.id === id })), edges: s.edges.map((e) => ({ ...e, selected: false })) }));
  },
  undo() {
    const s = get();
    const prev = s.past.at(-1);
    if (!prev) return;
    set({ ...prev, past: s.past.slice(0, -1), future: [snap(s), ...s.future], lastEditKey: null, dirty: true });
  },
  redo() {
    const s = get();
    const next = s.future[0];
    if (!next) return;
    set({ ...next, past: [...s.past, snap(s)], future: s.future.slice(1), lastEditKey: null, dirty: true });
  },
  setIssues: (issues) => set({ issues }),
  markSaved: () => set({ dirty: false }),
}));
