import { RunLauncher } from '../../../_components/runs/run-launcher';

export default async function RunPipelinePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ version?: string }> }) {
  const [{ id }, { version }] = await Promise.all([params, searchParams]);
  return <RunLauncher pipelineId={id} initialVersion={version} />;
}
