import { ModelsPage } from '../_components/models/models-page';

export default function Page() {
  return <ModelsPage />;
}
