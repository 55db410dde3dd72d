'use client';
import { useEffect, useState } from 'react';
import Link from 'next/link';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useReactFlow } from '@xyflow/react';
import { Eye, Maximize, Network, Play, Redo2, Save, Undo2 } from 'lucide-react';
import { validatePipeline } from '../../../domain/validation/validate';
import { useTRPC } from '../../_lib/trpc';
import { useCan } from '../../_lib/can';
import { describeError } from '../../_lib/errors';
import { useEditor } from '../../_lib/editor-store';
import { schemaDefaults, type JsonSchema } from '../../_lib/json-schema';
import { layeredLayout } from '../../_lib/auto-layout';
import { FIT_VIEW } from '../../_lib/fit';
import { freeSpot } from '../../_lib/layout';
import type { CatalogueEntry, PipelineDetail } from '../../_lib/types';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '../ui/tabs';
import { toast } from '../ui/toast';
import { Tooltip } from '../ui/tooltip';
import { Canvas } from './canvas';
import { useCatalogue } from './catalogue-context';
import { Inspector } from './inspector';
import { IssuesDrawer } from './issues-drawer';
import { Palette } from './palette';
import { PublishDialog } from './publish-dialog';
import { useEditorKeys } from './use-editor-keys';
import { VersionsPanel } from './versions-panel';
import { CriteriaEditor } from '../evaluations/criteria-editor';
import { PipelineCardPanel } from '../cards/pipeline-card-panel';
import { CanvasCostEstimate } from '../costs/canvas-cost-estimate';

export function EditorWorkspace({ pipeline }: { pipeline: PipelineDetail }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { lookup } = useCatalogue();
  const { fitView, screenToFlowPosition } = useReactFlow();
  const { nodes, edges, meta, dirty, past, future, undo, redo, addNode, moveNodes, select, setIssues, markSaved } = useEditor();
  const [drawer, setDrawer] = useState(false);
  // Roles that cannot save see the graph read-only (until account.me says otherwise).
  const canEdit = useCan('pipeline.edit');
  const readOnly = !canEdit;
  useEditorKeys(readOnly);

  // Unsaved edits: let the browser ask before the tab is closed or reloaded.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // Fit once the panels around the canvas have their final size (the initial fit can run earlier).
  useEffect(() => {
    const t = setTimeout(() => void fitView(FIT_VIEW), 100);
    return () => clearTimeout(t);
  }, [fitView]);

  // Live validation with the domain validator (the one the server runs on save and publish).
  useEffect(() => {
    const t = setTimeout(() => setIssues(validatePipeline(useEditor.getState().graph(), lookup)), 150);
    return () => clearTimeout(t);
  }, [nodes, edges, meta, lookup, setIssues]);

  const save = useMutation(
    trpc.pipelines.saveDraft.mutationOptions({
      onSuccess: (r) => {
        markSaved();
        setIssues(r.issues);
        void qc.invalidateQueries({ queryKey: trpc.pipelines.list.queryKey() });
      },
      onError: (e) => toast({ tone: 'error', title: 'Draft not saved', description: describeError(e).message }),
    }),
  );
  const saveDraft = () => save.mutateAsync({ id: pipeline.id, graph: useEditor.getState().graph() });

  const addFromPalette = (s: CatalogueEntry) => {
    const el = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    const centre = el ? screenToFlowPosition({ x: el.left + el.width / 2, y: el.top + el.height / 2 }) : { x: 0, y: 0 };
    const at = freeSpot(nodes, { x: centre.x - 100, y: centre.y - 60 });
    addNode(s.kind, s.version, schemaDefaults(s.paramsSchema as JsonSchema), at);
  };
  const autoLayout = () => {
    const s = useEditor.getState();
    moveNodes(layeredLayout(s.nodes, s.edges));
    // After React Flow has the new positions.
    requestAnimationFrame(() => void fitView({ ...FIT_VIEW, duration: 200 }));
  };
  const pick = (nodeId: string) => {
    select(nodeId);
    void fitView({ nodes: [{ id: nodeId }], duration: 200, maxZoom: 1.2 });
  };
  const latest = pipeline.versions[0];

  return (
    <div className="flex h-full flex-col">
      <div className="flex h-12 shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-4">
        <h1 className="truncate text-sm font-semibold text-slate-900" data-testid="pipeline-name">{meta.name}</h1>
        {latest ? <Badge tone="brand">v{latest.semver}</Badge> : <Badge>unpublished</Badge>}
        <CanvasCostEstimate />
        <span className="text-xs text-slate-400" data-testid="save-state">{save.isPending ? 'Saving…' : dirty ? 'Unsaved changes' : 'Draft saved'}</span>
        <div className="ml-auto flex items-center gap-1">
          {readOnly ? (
            <Badge data-testid="read-only" title="Your role cannot edit pipelines"><Eye className="mr-1 h-3 w-3" /> Read-only</Badge>
          ) : (
            <>
              <Tooltip content="Undo (Ctrl+Z)"><Button size="icon" variant="ghost" aria-label="Undo" disabled={!past.length} onClick={undo}><Undo2 className="h-4 w-4" /></Button></Tooltip>
              <Tooltip content="Redo (Ctrl+Shift+Z)"><Button size="icon" variant="ghost" aria-label="Redo" disabled={!future.length} onClick={redo}><Redo2 className="h-4 w-4" /></Button></Tooltip>
              <Tooltip content="Arrange the nodes in layers, left to right (undoable)"><Button size="sm" variant="ghost" data-testid="auto-layout" disabled={nodes.length < 2} onClick={autoLayout}><Network className="h-3.5 w-3.5" /> Auto-layout</Button></Tooltip>
            </>
          )}
          <Tooltip content="Zoom to fit (F)"><Button size="icon" variant="ghost" aria-label="Zoom to fit" data-testid="fit-view" onClick={() => fitView({ ...FIT_VIEW, duration: 200 })}><Maximize className="h-4 w-4" /></Button></Tooltip>
          <span className="mx-1 h-5 w-px bg-slate-200" />
          {readOnly ? null : (
            <Button size="sm" onClick={() => void saveDraft().then(() => toast({ tone: 'success', title: 'Draft saved' }), () => undefined)} disabled={save.isPending} data-testid="save-draft">
              <Save className="h-3.5 w-3.5" /> Save draft
            </Button>
          )}
          <PublishDialog pipelineId={pipeline.id} latest={latest?.semver} onSave={saveDraft} />
          {latest ? (
            <Button asChild size="sm" variant="secondary"><Link href={`/pipelines/${pipeline.id}/run`} data-testid="run-open"><Play className="h-3.5 w-3.5" /> Run</Link></Button>
          ) : null}
        </div>
      </div>
      <div className="flex min-h-0 flex-1">
        {readOnly ? null : <Palette onAdd={addFromPalette} />}
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="min-h-0 flex-1"><Canvas readOnly={readOnly} /></div>
          <IssuesDrawer open={drawer} onToggle={() => setDrawer((o) => !o)} onPick={pick} />
        </div>
        <Tabs defaultValue="inspect" className="flex w-80 shrink-0 flex-col border-l border-slate-200 bg-white">
          <TabsList>
            <TabsTrigger value="inspect">Inspector</TabsTrigger>
            <TabsTrigger value="versions" data-testid="tab-versions">Versions ({pipeline.versions.length})</TabsTrigger>
            <TabsTrigger value="criteria" data-testid="tab-criteria">Criteria</TabsTrigger>
            <TabsTrigger value="card" data-testid="tab-card">Card</TabsTrigger>
          </TabsList>
          <TabsContent value="inspect" className="flex min-h-0 flex-1"><Inspector readOnly={readOnly} /></TabsContent>
          <TabsContent value="versions" className="min-h-0 flex-1 overflow-y-auto"><VersionsPanel pipelineId={pipeline.id} versions={pipeline.versions} activeVersionId={pipeline.activeVersionId} /></TabsContent>
          <TabsContent value="criteria" className="min-h-0 flex-1 overflow-y-auto"><CriteriaEditor pipelineId={pipeline.id} /></TabsContent>
          <TabsContent value="card" className="min-h-0 flex-1 overflow-y-auto"><PipelineCardPanel pipelineId={pipeline.id} /></TabsContent>
        </Tabs>
      </div>
    </div>
  );
}
