import { PipelineList } from './_components/pipelines/pipeline-list';

export default function HomePage() {
  return <PipelineList />;
}
