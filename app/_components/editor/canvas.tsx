'use client';
import { useCallback, useRef } from 'react';
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type Connection, type Edge, type FinalConnectionState } from '@xyflow/react';
import { checkConnection } from '../../_lib/connection';
import { useEditor } from '../../_lib/editor-store';
import { FIT_VIEW } from '../../_lib/fit';
import { schemaDefaults, type JsonSchema } from '../../_lib/json-schema';
import { freeSpot } from '../../_lib/layout';
import type { StudioNode } from '../../_lib/flow-mapping';
import { toast } from '../ui/toast';
import { useCatalogue } from './catalogue-context';
import { DRAG_MIME } from './palette';
import { StudioNodeComponent } from './studio-node';

// Module scope: a new object per render would remount every node (React Flow warns about it).
const nodeTypes = { studio: StudioNodeComponent };
const deleteKeys = ['Delete', 'Backspace'];

/** The graph; `readOnly` (a role that cannot save): look, select and inspect, never move, connect, drop or delete. */
export function Canvas({ readOnly }: { readOnly: boolean }) {
  const { specs, lookup } = useCatalogue();
  const { nodes, edges, onNodesChange, onEdgesChange, connect, addNode, checkpoint } = useEditor();
  const { screenToFlowPosition } = useReactFlow();
  const refusal = useRef<string | null>(null);

  // The domain's connectionCheck (same function as the server validator) on the current graph.
  const isValidConnection = useCallback(
    (c: Connection | Edge) => {
      const res = checkConnection(useEditor.getState().graph(), c, lookup);
      refusal.current = res.ok ? null : res.message;
      return res.ok;
    },
    [lookup],
  );

  const onConnectEnd = useCallback((_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.toHandle && state.isValid === false && refusal.current) {
      toast({ tone: 'error', title: 'Connection refused', description: refusal.current });
    }
    refusal.current = null;
  }, []);

  const onDrop = useCallback(
    (e: React.DragEvent) => {
      const key = e.dataTransfer.getData(DRAG_MIME);
      const spec = specs.get(key);
      if (!spec) return;
      e.preventDefault();
      const pos = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // Dropped onto a node: the nearest free spot instead, so nodes never stack.
      const at = freeSpot(useEditor.getState().nodes, { x: pos.x - 100, y: pos.y - 20 });
      addNode(spec.kind, spec.version, schemaDefaults(spec.paramsSchema as JsonSchema), at);
    },
    [specs, addNode, screenToFlowPosition],
  );

  return (
    <div className="relative h-full w-full" data-testid="canvas">
      <ReactFlow<StudioNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={connect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={() => checkpoint()}
        onDrop={readOnly ? undefined : onDrop}
        onDragOver={(e) => {
          if (readOnly) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
        }}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={!readOnly}
        deleteKeyCode={readOnly ? null : deleteKeys}
        defaultEdgeOptions={{ type: 'smoothstep' }}
        connectionRadius={24}
        minZoom={0.1}
        fitView
        fitViewOptions={FIT_VIEW}
      >
        <Background gap={16} color="#cbd5e1" />
        <Controls showInteractive={false} position="bottom-left" />
        <MiniMap pannable zoomable position="bottom-right" className="!h-24 !w-36 rounded border border-slate-200" nodeColor="#94a3b8" />
      </ReactFlow>
    </div>
  );
}
