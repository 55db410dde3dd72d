'use client';
import { memo, useMemo } from 'react';
import { Background, Controls, Handle, Position, ReactFlow, ReactFlowProvider, type Edge, type Node, type NodeProps } from '@xyflow/react';
import type { PipelineGraph } from '../../../domain/graph/schema';
import { edgeKey } from '../../../domain/versioning/diff';
import { graphToFlow } from '../../_lib/flow-mapping';
import { cn } from '../ui/cn';
import type { DiffStatus } from './diff-status';

type DiffNodeData = { kind: string; version: number; label?: string; status: DiffStatus };
type DiffNode = Node<DiffNodeData, 'diff'>;

const STATUS_STYLE: Record<DiffStatus, string> = {
  added: 'border-emerald-500 bg-emerald-50 ring-2 ring-emerald-200',
  removed: 'border-red-500 bg-red-50 ring-2 ring-red-200 opacity-80',
  changed: 'border-amber-500 bg-amber-50 ring-2 ring-amber-200',
  same: 'border-slate-200 bg-white',
};
const EDGE_COLOUR: Record<DiffStatus, string> = { added: '#059669', removed: '#dc2626', changed: '#d97706', same: '#94a3b8' };

/** A compact read-only node: id, kind@version and the diff status as colour and text. */
function DiffNodeView({ id, data }: NodeProps<DiffNode>) {
  return (
    <div data-testid={`diff-node-${id}`} data-status={data.status} className={cn('w-48 rounded-md border px-3 py-2 shadow-sm', STATUS_STYLE[data.status])}>
      <Handle type="target" position={Position.Left} className="!bg-slate-400" isConnectable={false} />
      <div className="truncate text-xs font-semibold text-slate-900">{data.label || id}</div>
      <div className="truncate font-mono text-[10px] text-slate-500">{data.kind}@{data.version}</div>
      {data.status !== 'same' ? <div className="mt-0.5 text-[10px] font-semibold uppercase tracking-wide text-slate-600">{data.status}</div> : null}
      <Handle type="source" position={Position.Right} className="!bg-slate-400" isConnectable={false} />
    </div>
  );
}
const nodeTypes = { diff: memo(DiffNodeView) };

/** One version's graph, read-only, nodes and edges coloured by their diff status. */
export function DiffCanvas({ graph, nodes: nodeStatus, edges: edgeStatus, testId }: { graph: PipelineGraph; nodes: Map<string, DiffStatus>; edges: Map<string, DiffStatus>; testId: string }) {
  const { nodes, edges } = useMemo(() => {
    const flow = graphToFlow(graph);
    const nodes: DiffNode[] = flow.nodes.map((n) => ({
      id: n.id,
      type: 'diff',
      position: n.position,
      data: { kind: n.data.kind, version: n.data.version, label: n.data.label, status: nodeStatus.get(n.id) ?? 'same' },
    }));
    const edges: Edge[] = graph.edges.map((e) => {
      const status = edgeStatus.get(edgeKey(e)) ?? 'same';
      return { id: e.id, source: e.source.node, target: e.target.node, type: 'smoothstep', label: status === 'same' ? undefined : status, style: { stroke: EDGE_COLOUR[status], strokeWidth: status === 'same' ? 1.5 : 2.5 }, data: { status } };
    });
    return { nodes, edges };
  }, [graph, nodeStatus, edgeStatus]);
  return (
    <div className="h-full w-full" data-testid={testId}>
      <ReactFlowProvider>
        <ReactFlow<DiffNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          fitView
          fitViewOptions={{ padding: 0.15, maxZoom: 1.1 }}
          minZoom={0.1}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={16} color="#e2e8f0" />
          <Controls showInteractive={false} position="bottom-left" />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
