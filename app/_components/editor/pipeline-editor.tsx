'use client';
import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { useTRPC } from '../../_lib/trpc';
import { describeError } from '../../_lib/errors';
import { modelLookupFrom } from '../../_lib/connection';
import { useEditor } from '../../_lib/editor-store';
import { Button } from '../ui/button';
import { ErrorState, LoadingState } from '../ui/states';
import { CatalogueContext, specKey, type EditorCatalogue } from './catalogue-context';
import { EditorWorkspace } from './editor-workspace';

/** Loads the pipeline, catalogue and models, then hands the draft to the editor store once. */
export function PipelineEditor({ id }: { id: string }) {
  const trpc = useTRPC();
  const pipeline = useQuery(trpc.pipelines.get.queryOptions({ id }, { refetchOnWindowFocus: false }));
  const catalogue = useQuery(trpc.catalogue.list.queryOptions(undefined, { staleTime: Infinity }));
  const models = useQuery(trpc.models.list.queryOptions());
  const [loadedFor, setLoadedFor] = useState<string | null>(null);

  useEffect(() => {
    // Load the draft once per pipeline: later refetches (after publish) must not wipe edits.
    if (pipeline.data && loadedFor !== id) {
      useEditor.getState().load(pipeline.data.draft);
      useEditor.getState().setIssues(pipeline.data.issues);
      setLoadedFor(id);
    }
  }, [id, pipeline.data, loadedFor]);

  const ctx = useMemo<EditorCatalogue>(() => {
    const list = models.data ?? [];
    return {
      specs: new Map((catalogue.data ?? []).map((s) => [specKey(s.kind, s.version), s])),
      models: list,
      lookup: modelLookupFrom(list),
    };
  }, [catalogue.data, models.data]);

  const failed = pipeline.error ?? catalogue.error ?? models.error;
  if (failed) {
    return (
      <div className="p-8">
        <ErrorState title="Could not open the pipeline" {...describeError(failed)} action={<Button size="sm" onClick={() => { void pipeline.refetch(); void catalogue.refetch(); void models.refetch(); }}>Retry</Button>} />
      </div>
    );
  }
  if (!pipeline.data || !catalogue.data || !models.data || loadedFor !== id) return <LoadingState label="Opening pipeline…" className="h-full" />;

  return (
    <CatalogueContext.Provider value={ctx}>
      <ReactFlowProvider>
        <EditorWorkspace pipeline={pipeline.data} />
      </ReactFlowProvider>
    </CatalogueContext.Provider>
  );
}
