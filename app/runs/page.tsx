import { RunsList } from '../_components/runs/runs-list';

export default function RunsPage() {
  return <RunsList />;
}
