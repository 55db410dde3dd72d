import { ModelsPage } from '../_components/models/models-page';
import { VariantsPanel } from './_components/variants-panel';

export default function Page() {
  return (
    <>
      <ModelsPage />
      <VariantsPanel />
    </>
  );
}
