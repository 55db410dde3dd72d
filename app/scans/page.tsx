import { ScansPage } from '../_components/scans/scans-page';

export default function Page() {
  return <ScansPage />;
}
