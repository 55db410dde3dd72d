import { CostsPage } from '../_components/costs/costs-page';

export default function Costs() {
  return <CostsPage />;
}
