import { DatasetsPage } from '../_components/datasets/datasets-page';

export default function Page() {
  return <DatasetsPage />;
}
