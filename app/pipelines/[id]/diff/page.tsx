import { Suspense } from 'react';
import { VersionDiff } from '../../../_components/versions/version-diff';
import { LoadingState } from '../../../_components/ui/states';

/** /pipelines/<id>/diff?from=<versionId>&to=<versionId>: two versions side by side. */
export default async function PipelineDiffPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<LoadingState label="Loading versions…" />}>
      <VersionDiff pipelineId={id} />
    </Suspense>
  );
}
